/** Salesperson (sales_team.group_sale_salesman only), zh_CN: sees the client code on the order, opens its
 * delivery and files a return report from it. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cs_salesperson_tour", {
    steps: () => [
        { trigger: ".o_form_view .o_field_widget[name=client_code]:contains(SZ)" },
        { trigger: ".o_form_view button[name=action_view_delivery]", run: "click" },
        { trigger: ".o_form_view button[name=action_cs_file_return_report]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=picking_id]:contains(OUT)" },
        { trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=product_id] input", run: "edit Spring Tea" },
        { trigger: ".o-autocomplete--dropdown-item a:contains(Spring Tea)", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=quantity] input", run: "edit 1" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=reason_id] input", run: "click" },
        { trigger: ".o-autocomplete--dropdown-item:first-child a", run: "click" },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=name]:contains(RR/)" },
        { trigger: ".o_form_view button[name=action_submit]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=submitted][aria-checked=true]" },
    ],
});
