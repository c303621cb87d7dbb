from odoo import fields
from odoo import models

from ..models.cs_return_reason import CONDITIONS

# reports that count: submitted and on (drafts were never filed, cancelled and refused ones came to nothing)
COUNTED_STATES = ("submitted", "approved", "received", "credited")


class CsReturnAnalysis(models.Model):
    """退货分析: one row per return line of the submitted return reports.

    A line counts what came back once the warehouse has received it (else what
    was reported); the amount is that quantity times the sale price, both in the
    line's unit (the unit of the sale order line: units, cases...), as the
    credit note says. The quantity is also given in the product's own unit so
    that lines sold in different units add up. Good (正品) and damaged (残品)
    goods are shown apart, as the line's reason classed them when it was filed.
    """

    _name = "cs.return.analysis"
    _description = "Return Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "cs.return.report": ["date", "user_id", "partner_id", "next_action", "state", "company_id"],
        "cs.return.report.line": [
            "report_id",
            "product_id",
            "product_uom_id",
            "reason_id",
            "condition",
            "quantity",
            "received_qty",
            "price_unit",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["uom_id"],
        "uom.uom": ["factor"],
    }

    date = fields.Date(readonly=True)
    report_id = fields.Many2one("cs.return.report", string="Return Report", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    reason_id = fields.Many2one("cs.return.reason", readonly=True)
    condition = fields.Selection(CONDITIONS, string="Goods Come Back", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    line_qty = fields.Float(string="Quantity in Line Unit", readonly=True)
    quantity = fields.Float(string="Quantity in Product Unit", readonly=True)
    reported_qty = fields.Float(string="Reported", readonly=True)
    received_qty = fields.Float(string="Received", readonly=True)
    amount = fields.Float(readonly=True)
    good_qty = fields.Float(string="Good Quantity", readonly=True, help="In the product's unit.")
    damaged_qty = fields.Float(string="Damaged Quantity", readonly=True, help="In the product's unit.")
    good_amount = fields.Float(readonly=True)
    damaged_amount = fields.Float(readonly=True)
    next_action = fields.Text(string="Next Action Plan", readonly=True)
    state = fields.Selection(lambda self: self.env["cs.return.report"]._fields["state"].selection, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        return f"""
            SELECT line.id,
                   report.date,
                   report.id AS report_id,
                   report.user_id,
                   report.partner_id,
                   line.product_id,
                   line.reason_id,
                   counted.condition,
                   line.product_uom_id,
                   counted.qty AS line_qty,
                   counted.product_qty AS quantity,
                   line.quantity AS reported_qty,
                   line.received_qty,
                   counted.amount,
                   CASE WHEN counted.condition = 'good' THEN counted.product_qty ELSE 0.0 END AS good_qty,
                   CASE WHEN counted.condition = 'damaged' THEN counted.product_qty ELSE 0.0 END AS damaged_qty,
                   CASE WHEN counted.condition = 'good' THEN counted.amount ELSE 0.0 END AS good_amount,
                   CASE WHEN counted.condition = 'damaged' THEN counted.amount ELSE 0.0 END AS damaged_amount,
                   report.next_action,
                   report.state,
                   report.company_id
              FROM cs_return_report_line line
              JOIN cs_return_report report ON report.id = line.report_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
         LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
        CROSS JOIN LATERAL (
                   SELECT CASE WHEN report.state IN ('received', 'credited') THEN COALESCE(line.received_qty, 0.0)
                               ELSE line.quantity END AS qty
                   ) counted_qty
        CROSS JOIN LATERAL (
                   SELECT counted_qty.qty,
                          counted_qty.qty * COALESCE(line_uom.factor, 1.0)
                              / COALESCE(NULLIF(product_uom.factor, 0), 1.0) AS product_qty,
                          counted_qty.qty * COALESCE(line.price_unit, 0.0) AS amount,
                          COALESCE(line.condition, 'good') AS condition
                   ) counted
             WHERE report.state IN {COUNTED_STATES!r}
        """
