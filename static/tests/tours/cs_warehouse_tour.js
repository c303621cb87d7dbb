/** Warehouse user (stock.group_stock_user only), zh_CN: confirms a customer return's reception from Inventory,
 * files a damaged product with its reason for approval, scraps the goods a Customer Service manager approved,
 * reads the damage analysis and prints the daily shipment report. Selectors name fields,
 * buttons and menu xml ids, never translated text. */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cs_warehouse_tour", {
    steps: () => [
        // Inventory > Operations > Customer Return Reports
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o_app[data-menu-xmlid='stock.menu_stock_root']", run: "click" },
        { trigger: ".o_main_navbar [data-menu-xmlid='stock.menu_stock_warehouse_mgmt']", run: "click" },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_service_dept.cs_return_report_menu_stock']",
            run: "click",
        },
        { trigger: ".o_list_view .o_data_row .o_data_cell[name=name]:contains(RR/)", run: "click" },
        { trigger: ".o_form_view button[name=action_confirm_reception]" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row .o_data_cell[name=received_qty]", run: "click" },
        { trigger: ".o_field_widget[name=line_ids] .o_data_row [name=received_qty] input", run: "edit 2" },
        { trigger: ".o_form_view button[name=action_confirm_reception]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=received][aria-checked=true]" },

        // Inventory > Operations > Scrap: file a damaged case with its one reason (殘損申請)
        { trigger: ".o_main_navbar [data-menu-xmlid='stock.menu_stock_warehouse_mgmt']", run: "click" },
        { trigger: ".dropdown-item[data-menu-xmlid='stock.menu_stock_scrap']", run: "click" },
        { trigger: ".o_list_view th[data-name=scrap_qty]" },
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=product_id] input", run: "edit Spring Tea" },
        { trigger: ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(Spring Tea)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=scrap_qty] input", run: "edit 1" },
        { trigger: ".o_form_view .o_field_widget[name=scrap_reason_tag_ids] input", run: "edit Crushed" },
        { trigger: ".o-autocomplete--dropdown-item a:contains(Crushed carton)", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=scrap_reason_tag_ids] .o_tag:contains(Crushed carton)" },
        { trigger: ".o_form_view button[name=action_cs_request]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=requested][aria-checked=true]" },

        // the pipes the Customer Service manager approved: scrapped now (Validate)
        { trigger: ".o_main_navbar [data-menu-xmlid='stock.menu_stock_warehouse_mgmt']", run: "click" },
        { trigger: ".dropdown-item[data-menu-xmlid='stock.menu_stock_scrap']", run: "click" },
        { trigger: ".o_list_view .o_data_row .o_data_cell[name=product_id]:contains(Steel Pipe)", run: "click" },
        { trigger: ".o_form_view button[name=action_validate]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=done][aria-checked=true]" },

        // Inventory > Operations > Damage Analysis: the damages by product and reason (殘損分析報告)
        { trigger: ".o_main_navbar [data-menu-xmlid='stock.menu_stock_warehouse_mgmt']", run: "click" },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_service_dept.cs_damage_analysis_menu_stock']",
            run: "click",
        },
        { trigger: ".o_pivot th:contains(Steel Pipe)" },

        // Inventory > Operations > Daily Shipment Report: print today's report
        { trigger: ".o_main_navbar [data-menu-xmlid='stock.menu_stock_warehouse_mgmt']", run: "click" },
        {
            trigger: ".dropdown-item[data-menu-xmlid='customer_service_dept.cs_daily_shipment_menu_stock']",
            run: "click",
        },
        { trigger: ".modal .o_field_widget[name=date] input" },
        { trigger: ".modal .o_field_widget[name=shipped_count]" },
        { trigger: ".modal button[name=action_print]", run: "click" },
        // the report is generated and downloaded (an RPC error would fail the tour); the test checks the export
        { trigger: ".modal button[name=action_print]:enabled" },
    ],
});
