from odoo import fields
from odoo import models
from odoo.fields import Domain


class CsRetailerCountPrint(models.TransientModel):
    """Prints 零售户户数情况统计表 (seed 000, 第三篇 七、2) for a company, optionally one market department:

    「查詢零售客戶的訂貨方式、經營業態、市場類型分布的具體統計信息」: three tables (order method, business
    format, market type), each with the count, the share in % and the total, as a PDF and a spreadsheet.
    Active retailers only (archived ones have left the market).
    """

    _name = "cs.retailer.count.print"
    _description = "Print Retailer Counts"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, domain=lambda self: self._company_domain()
    )
    market_department = fields.Char(help="Empty: every market department of the company.")
    with_code_only = fields.Boolean(
        string="With Retailer Code Only", help="Count only retailers that have their retailer code (licensed)."
    )

    def _company_domain(self):
        return [("id", "in", self.env.companies.ids)]

    def _cs_domain(self):
        """The report rows counted: the company's retailers (and those shared by every company)."""
        self.ensure_one()
        domain = Domain("company_id", "in", [self.company_id.id, False])
        if self.market_department:
            domain &= Domain("market_department", "=", self.market_department.strip())
        if self.with_code_only:
            domain &= Domain("has_code", "=", True)
        return domain

    def _cs_tables(self):
        """[(title, [(label, count, share %), ...], total), ...] (``cs.retailer.count.report``)."""
        self.ensure_one()
        return self.env["cs.retailer.count.report"]._cs_distributions(self._cs_domain())

    def action_print(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_retailer_count").report_action(self)

    def action_print_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_retailer_count_xlsx").report_action(self)

    def action_open_pivot(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_retailer_count_report_action")
        action["domain"] = list(self._cs_domain())
        return action
