/** The office roles, zh_CN, each with only its own groups: the Customer Service specialist, the Customer
 * Service manager and the settlement accountant. Selectors name fields, buttons and menu xml ids, never
 * translated text (names typed in are data of the test fixtures). */
import { registry } from "@web/core/registry";

const menu = (xmlid) => ({ trigger: `.o_main_navbar [data-menu-xmlid='${xmlid}']`, run: "click" });
const subMenu = (xmlid) => ({ trigger: `.dropdown-item[data-menu-xmlid='${xmlid}']`, run: "click" });
const pick = (text) => ({
    trigger: `.o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(${text})`,
    run: "click",
});

/** The open wizard's Export XLSX button (its XLSX report action, downloaded through the report controller;
 * a server error would fail the tour), then the wizard is closed. */
const exportFromWizard = () => [
    { trigger: ".modal button[name=action_export_xlsx]", run: "click" },
    { trigger: ".modal button[name=action_export_xlsx]:enabled" },
    { trigger: ".modal button[special=cancel]", run: "click" },
    { trigger: "body:not(:has(.modal))" },
];

/** Sets a file on a file input as a user choosing it would (the change event uploads it). */
async function setFile(input, name, text) {
    const file = new File([new TextEncoder().encode(text)], name, { type: "text/csv" });
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("cs_office_specialist_tour", {
    steps: () => [
        // the customer's form (Customer Service > Clients): assign its client code
        { trigger: ".o_form_view button[name=action_assign_client_code]", run: "click" },
        { trigger: ".o_form_view:not(:has(button[name=action_assign_client_code]))" },

        // Customer Service > Complaints > New: a phone complaint on the order and its delivery
        menu("customer_service_dept.cs_complaint_menu"),
        { trigger: ".o_list_view th[data-name=stage_id]" },
        { trigger: ".o_control_panel .o_list_button_add", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=partner_id] input", run: "edit Zengdu" },
        pick("Zengdu Store"),
        { trigger: ".o_form_view .o_field_widget[name=content] textarea", run: "edit Cartons arrived crushed" },
        { trigger: ".o_form_view .o_notebook a.nav-link[name=links]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=sale_order_id] input", run: "edit S" },
        pick("S0"),
        { trigger: ".o_form_view .o_field_widget[name=picking_id] input", run: "edit OUT" },
        pick("OUT"),
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        { trigger: ".o_form_view button[name=action_judge_valid]", run: "click" },
        { trigger: ".o_form_view button[name=action_investigate]" },
        { trigger: ".o_form_view .o_notebook a.nav-link[name=handling]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=responsible_department] input", run: "edit Logistics" },
        { trigger: ".o_form_view .o_field_widget[name=responsible_user_id] input", run: "edit tour_inv" },
        pick("tour_investigator"),
        { trigger: ".o_form_view button[name=action_investigate]", run: "click" },
        { trigger: ".o_form_view .o_notebook a.nav-link[name=solutions]" },

        // Customer Service > Callbacks > Callback Plan: call the customer back
        menu("customer_service_dept.cs_callback_menu_root"),
        subMenu("customer_service_dept.cs_callback_plan_wizard_menu"),
        { trigger: ".modal .o_field_widget[name=partner_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: ".modal .o_list_view .o_data_row .o_data_cell:contains(Zengdu Store)", run: "click" },
        { trigger: ".modal .o_field_widget[name=partner_ids] .o_data_row .o_data_cell:contains(Zengdu Store)" },
        { trigger: ".modal button[name=action_plan]", run: "click" },
        { trigger: ".o_action_manager .o_data_row .o_data_cell[name=partner_id]:contains(Zengdu Store)" },

        // Customer Service > Clients > Retailers: the retailer and its draft agreement
        menu("customer_service_dept.menu_cs_clients"),
        subMenu("customer_service_dept.res_partner_menu_cs_retailers"),
        { trigger: ".o_list_view th[data-name=cs_retailer_code]" },
        { trigger: ".o_list_view .o_data_row .o_data_cell:contains(Tour Retailer)", run: "click" },
        { trigger: ".o_form_view .o_notebook a.nav-link[name=cs_retailer]", run: "click" },
        { trigger: ".o_field_widget[name=cs_settlement_agreement_ids] .o_data_row:contains(TOUR-0201)" },

        // E-settlement > Agreements: the three-way check verifies it
        menu("customer_service_dept.menu_cs_settlement"),
        subMenu("customer_service_dept.cs_settlement_agreement_menu"),
        { trigger: ".o_list_view th[data-name=retailer_code]" },
        { trigger: ".o_list_view .o_data_row .o_data_cell[name=transfer_number]:contains(TOUR-0201)", run: "click" },
        { trigger: ".o_form_view .o_statusbar_buttons button[type=action]", run: "click" },
        { trigger: ".modal .o_field_widget[name=holder_copy] input", run: "edit Zhang San" },
        {
            trigger: ".modal .o_field_widget[name=account_copy] input",
            async run(helpers) {
                // the photocopy shows the account of the electronic file
                const account = helpers.queryOne(".modal .o_field_widget[name=account_file] input").value;
                await helpers.edit(account);
            },
        },
        { trigger: ".modal .o_field_widget[name=id_card_copy] input", run: "edit 11010519491231002X" },
        { trigger: ".modal button[name=action_apply]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: ".o_statusbar_status button[data-value=verified][aria-checked=true]" },

        // Jobs > Weekly Status Report: the week's spreadsheet
        menu("customer_service_dept.menu_cs_jobs"),
        subMenu("customer_service_dept.cs_job_weekly_report_menu"),
        ...exportFromWizard(),
    ],
});

registry.category("web_tour.tours").add("cs_office_manager_tour", {
    steps: () => [
        // the complaint's proposed solution: approve it
        { trigger: ".o_form_view .o_notebook a.nav-link[name=solutions]", run: "click" },
        {
            trigger: ".o_field_widget[name=solution_ids] .o_data_row button[name=action_approve]",
            run: "click",
        },
        { trigger: ".o_field_widget[name=approved_solution_id]:contains(Replace the goods)" },

        // Customer Service > Returns > Return Reports: approve the submitted one
        menu("customer_service_dept.menu_cs_returns"),
        subMenu("customer_service_dept.cs_return_report_menu"),
        { trigger: ".o_list_view th[data-name=picking_id]" },
        { trigger: ".o_list_view .o_data_row .o_data_cell[name=name]:contains(RR/)", run: "click" },
        { trigger: ".o_form_view button[name=action_approve]", run: "click" },
        { trigger: ".o_statusbar_status button[data-value=approved][aria-checked=true]" },

        // Reporting: the KPI table, then the complaint analysis pivot
        menu("customer_service_dept.menu_cs_reporting"),
        subMenu("customer_service_dept.cs_kpi_report_menu"),
        // the dialog asks for the month; the figures open in a full page, each with its records
        { trigger: ".o_dialog button[name=action_compute]", run: "click" },
        { trigger: "body:not(:has(.o_dialog))" },
        { trigger: ".o_list_view .o_data_row button[name=action_open_records]" },
        menu("customer_service_dept.menu_cs_reporting"),
        subMenu("customer_service_dept.cs_complaint_report_menu"),
        { trigger: ".o_pivot_view .o_pivot table" },

        // the month's spreadsheets: complaint classification statistics, return / damage analysis
        menu("customer_service_dept.menu_cs_reporting"),
        subMenu("customer_service_dept.cs_complaint_stats_wizard_menu"),
        ...exportFromWizard(),
        menu("customer_service_dept.menu_cs_reporting"),
        subMenu("customer_service_dept.cs_stock_analysis_export_menu"),
        { trigger: ".modal .o_field_widget[name=analysis] input[data-value=return]:checked" },
        ...exportFromWizard(),
    ],
});

registry.category("web_tour.tours").add("cs_office_accountant_tour", {
    steps: () => [
        // Customer Service > E-settlement > Signing Batches: the batch at the bank
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o_app[data-menu-xmlid='customer_service_dept.menu_cs_root']", run: "click" },
        menu("customer_service_dept.menu_cs_settlement"),
        subMenu("customer_service_dept.cs_settlement_batch_menu"),
        { trigger: ".o_list_view th[data-name=signed_count]" },
        { trigger: ".o_list_view .o_data_row .o_data_cell[name=state]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=agreement_ids] .o_data_row:contains(TOUR-0002)" },
        // print the signing sheet: the report action runs (an RPC error would fail the tour)
        { trigger: ".o_form_view button[name=action_print]", run: "click" },
        { trigger: ".o_form_view button[name=action_print]:enabled" },
        // and its spreadsheet (the XLSX report action, downloaded through the report controller)
        { trigger: ".o_form_view button[name=action_export_xlsx]", run: "click" },
        { trigger: ".o_form_view button[name=action_export_xlsx]:enabled" },

        // what was handed to finance, kept line by line
        { trigger: ".o_form_view .o_notebook_headers a[name=sent_lines]", run: "click" },
        { trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains(TOUR-0002)" },

        // import the bank's result file on the batch, as the balance query exports it: a title line,
        // extra columns (序号, 客户名称), the transfer bank number in the third column, 余额(元) last
        { trigger: ".o_form_view .o_statusbar_buttons button[type=action]", run: "click" },
        {
            trigger: ".modal .o_field_widget[name=file]",
            async run() {
                const csv =
                    "零售客户余额查询\n" +
                    "序号,客户名称,转账银行编号,余额（元）\n" +
                    "1,Tour Store 1,TOUR-0001,客户不属于本单位\n" +
                    "2,Tour Store 2,TOUR-0002,\"1,200.00\"\n";
                await setFile(this.anchor.querySelector("input[type=file]"), "result.csv", csv);
            },
        },
        { trigger: ".modal .o_field_widget[name=file] .o_clear_file_button" },
        { trigger: ".modal button[name=action_import]", run: "click" },
        { trigger: "body:not(:has(.modal))" },

        // the results (grouped by outcome: show them all), the failure and what to do next
        { trigger: ".o_control_panel .o_searchview_facet .o_facet_remove", run: "click" },
        { trigger: ".o_list_view .o_data_row .o_data_cell[name=key]:contains(TOUR-0001)" },
        { trigger: ".o_list_view .o_data_row:contains(TOUR-0001) .o_data_cell[name=next_action]:not(:empty)" },
        { trigger: ".o_list_view .o_data_row:contains(TOUR-0001) .o_data_cell[name=outcome] .badge" },
    ],
});
