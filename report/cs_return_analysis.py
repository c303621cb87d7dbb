from odoo import fields
from odoo import models


class CsReturnAnalysis(models.Model):
    """退货分析: one row per return line, from the department's return reports."""

    _name = "cs.return.analysis"
    _description = "Return Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "cs.return.report": ["date", "user_id", "partner_id", "next_action", "state", "company_id"],
        "cs.return.report.line": [
            "report_id",
            "product_id",
            "reason_id",
            "quantity",
            "received_qty",
            "amount",
        ],
    }

    date = fields.Date(readonly=True)
    report_id = fields.Many2one("cs.return.report", string="Return Report", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    reason_id = fields.Many2one("cs.return.reason", readonly=True)
    quantity = fields.Float(readonly=True)
    received_qty = fields.Float(string="Received", readonly=True)
    amount = fields.Float(readonly=True)
    next_action = fields.Text(string="Next Action Plan", readonly=True)
    state = fields.Selection(lambda self: self.env["cs.return.report"]._fields["state"].selection, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        return """
            SELECT line.id,
                   report.date,
                   report.id AS report_id,
                   report.user_id,
                   report.partner_id,
                   line.product_id,
                   line.reason_id,
                   line.quantity,
                   line.received_qty,
                   line.amount,
                   report.next_action,
                   report.state,
                   report.company_id
              FROM cs_return_report_line line
              JOIN cs_return_report report ON report.id = line.report_id
             WHERE report.state NOT IN ('cancel', 'refused')
        """
