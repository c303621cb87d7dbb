/** Job department (Customer Service / User only), zh_CN: a member logs hours on the ticket they work on and
 * writes a contact report; the department manager approves a submitted ticket. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cs_job_member_tour", {
    steps: () => [
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o_app[data-menu-xmlid='customer_service_dept.menu_cs_root']", run: "click" },
        { trigger: ".o_main_navbar [data-menu-xmlid='customer_service_dept.menu_cs_jobs']", run: "click" },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_service_dept.cs_job_time_menu_mine']",
            run: "click",
        },
        { trigger: ".o_list_view th[data-name=ticket_id]" },
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_data_row [name=ticket_id] input", run: "edit Spring poster" },
        { trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Spring poster)", run: "click" },
        { trigger: ".o_data_row [name=name] input", run: "edit Layout of the A1 poster" },
        { trigger: ".o_data_row [name=hours] input", run: "edit 2:30" },
        { trigger: ".o_list_view .o_list_button_save", run: "click" },
        { trigger: ".o_data_row:not(.o_selected_row) .o_data_cell[name=hours]:contains(02:30)" },

        { trigger: ".o_main_navbar [data-menu-xmlid='customer_service_dept.menu_cs_jobs']", run: "click" },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_service_dept.cs_contact_report_menu']",
            run: "click",
        },
        { trigger: ".o_list_view th[data-name=contact_type]" },
        { trigger: ".o_control_panel .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name] input", run: "edit Spring campaign kick-off" },
        { trigger: ".o_form_view .o_field_widget[name=partner_id] input", run: "edit Zengdu" },
        { trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Zengdu Store)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=team_user_ids] input", run: "edit tour_dept" },
        {
            trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(tour_dept_manager)",
            run: "click",
        },
        { trigger: ".o_form_view .o_field_widget[name=team_user_ids] .o_tag" },
        // 聯絡報告的內容須完整紀錄任何結論及重要討論事項: both are required to send
        {
            trigger: ".o_form_view .o_field_html[name=discussion] .odoo-editor-editable",
            run: "editor Poster sizes and delivery",
        },
        {
            trigger: ".o_form_view .o_field_html[name=conclusions] .odoo-editor-editable",
            run: "editor One A1 poster, proofs within a week",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view button[name=action_send]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=sent][aria-checked=true]" },
    ],
});

registry.category("web_tour.tours").add("cs_job_manager_tour", {
    steps: () => [
        { trigger: ".o_form_view button[name=action_approve]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=approved][aria-checked=true]" },
    ],
});
