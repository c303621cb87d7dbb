/** The customer manager (客户经理), zh_CN, with only that group: plans a visit to a customer, logs it with a
 * need that could not be solved on site and marks it done, which raises a service request. Selectors name
 * fields, buttons and menu xml ids, never translated text (names typed in are data of the test fixtures). */
import { registry } from "@web/core/registry";

const menu = (xmlid) => ({ trigger: `.o_main_navbar [data-menu-xmlid='${xmlid}']`, run: "click" });
const subMenu = (xmlid) => ({ trigger: `.dropdown-item[data-menu-xmlid='${xmlid}']`, run: "click" });

registry.category("web_tour.tours").add("cs_customer_manager_visit_tour", {
    steps: () => [
        // Customer Service > Customer Care > Visits > New: plan the visit
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o_app[data-menu-xmlid='customer_service_dept.menu_cs_root']", run: "click" },
        menu("customer_service_dept.menu_cs_customer_care"),
        subMenu("customer_service_dept.cs_customer_visit_menu"),
        { trigger: ".o_list_view th[data-name=planned_date]" },
        { trigger: ".o_control_panel .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=partner_id] input", run: "edit Tour Care" },
        {
            trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Tour Care Store)",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=purpose] input[data-value=need]", run: "click" },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        { trigger: ".o_form_view button[name=action_done]" },

        // the visit log: what was learned, a need not solved on site with the date told to the customer
        {
            trigger: ".o_form_view .o_field_widget[name=findings] textarea",
            run: "edit Sales dropped after the rival's free delivery",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=competitor_info] textarea",
            run: "edit Rival delivers for free",
        },
        { trigger: ".o_field_widget[name=need_ids] .o_field_x2many_list_row_add a", run: "click" },
        {
            trigger: ".o_field_widget[name=need_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Repair the display rack",
        },
        {
            trigger: ".o_field_widget[name=need_ids] .o_data_row .o_field_widget[name=promised_date] input",
            run: "edit 2030-06-28",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },

        // Visit Done: the need becomes a service request, the next-day callback is planned
        { trigger: ".o_form_view button[name=action_done]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=done]" },
        { trigger: ".o_form_view button[name=action_open_requests]" },
    ],
});
