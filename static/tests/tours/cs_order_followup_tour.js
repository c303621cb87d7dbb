/** CS specialist (customer_service_dept.group_cs_user only), zh_CN, Asia/Shanghai: takes a customer's inquiry to
 * a confirmed, shipped order whose arrival the customer confirmed on the phone (part 1), then, once accounting
 * invoiced it and the signed slip is kept, closes the order out from Order Follow-up (part 2). Seed 004 订单跟踪 /
 * 订单结案. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cs_order_followup_tour", {
    steps: () => [
        // the inquiry (opened by the test) lists the products asked: quote it
        { trigger: ".o_form_view button[name=action_cs_create_quotation]", run: "click" },
        // the quotation of the inquiry: confirm it
        { trigger: ".o_form_view .o_field_widget[name=order_line] .o_data_row" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=sale][aria-checked=true]" },
        // ship it: the delivery, carrier and tracking number, validate
        { trigger: ".o_form_view button[name=action_view_delivery]", run: "click" },
        { trigger: ".o_form_view .o_notebook a[name=cs_followup]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=cs_carrier_name] input", run: "edit 德邦物流" },
        { trigger: ".o_form_view .o_field_widget[name=cs_tracking_ref] input", run: "edit DP20260310001" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=button_validate]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=done][aria-checked=true]" },
        // the customer confirmed on the phone: record it
        { trigger: ".o_form_view .o_field_widget[name=cs_notice_date] span:not(:empty)" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_cs_confirm_arrival]", run: "click" },
        { trigger: ".modal .o_field_widget[name=customer_contact] input", run: "edit 李经理" },
        { trigger: ".modal button[name=action_record]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: ".o_form_view .o_field_widget[name=cs_arrival_state] .badge" },
    ],
});

registry.category("web_tour.tours").add("cs_order_closeout_tour", {
    steps: () => [
        // Customer Service › Deliveries › Order Follow-up: the order is ready to close
        { trigger: ".o_main_navbar [data-menu-xmlid='customer_service_dept.menu_cs_deliveries']" },
        { trigger: ".o_list_view .o_group_header", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=cs_followup_state]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_buttons button[name=action_cs_close_out]", run: "click" },
        { trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_cs_close_out]))" },
    ],
});
