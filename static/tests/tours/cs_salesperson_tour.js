/** Salesperson (sales_team.group_sale_salesman only), zh_CN: sees the client code on the order and files a
 * return report on its delivery from Sales > Orders > Return Reports. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cs_salesperson_tour", {
    steps: () => [
        { trigger: ".o_form_view .o_field_widget[name=client_code]:contains(SZ)" },
        // Sales > Orders > Return Reports > New, on the customer's delivery
        { trigger: ".o_main_navbar [data-menu-xmlid='sale.sale_order_menu']", run: "click" },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_service_dept.cs_return_report_menu_sale']",
            run: "click",
        },
        { trigger: ".o_list_view th[data-name=picking_id]" },
        { trigger: ".o_control_panel .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=partner_id] input", run: "edit Zengdu" },
        { trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Zengdu Store)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=picking_id] input", run: "edit OUT" },
        { trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(OUT)", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=product_id] input", run: "edit Spring Tea" },
        { trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Spring Tea)", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=quantity] input", run: "edit 1" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=reason_id] input", run: "edit Crushed" },
        {
            trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Crushed in transit)",
            run: "click",
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name]:contains(RR/)" },
        { trigger: ".o_form_view button[name=action_submit]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=submitted][aria-checked=true]" },
    ],
});
