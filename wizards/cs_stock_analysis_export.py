from odoo import api
from odoo import fields
from odoo import models

from ..models.rules import month_range


class CsStockAnalysisExport(models.TransientModel):
    """Monthly return or damage analysis as a PDF or an XLSX file."""

    _name = "cs.stock.analysis.export"
    _description = "Monthly Return / Damage Analysis"

    analysis = fields.Selection(
        [("return", "Return analysis"), ("damage", "Damage analysis")],
        required=True,
        default="return",
    )
    date = fields.Date(string="Month", required=True, default=lambda self: self.env.company._cs_today(self.env.user))
    date_from = fields.Date(compute="_compute_period")
    date_to = fields.Date(compute="_compute_period")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    @api.depends("date")
    def _compute_period(self):
        for export in self:
            export.date_from, export.date_to = month_range(export.date or export.company_id._cs_today(self.env.user))

    def _spec(self):
        """(model, group-by fields, measures, column titles, kinds of the measure columns) of the
        chosen analysis; a kind is "qty", "money" or "text"."""
        if self.analysis == "return":
            return (
                "cs.return.analysis",
                ["user_id", "partner_id", "product_id", "reason_id"],
                ["quantity:sum", "good_qty:sum", "damaged_qty:sum", "amount:sum", "next_action:array_agg"],
                [
                    self.env._("Salesperson"),
                    self.env._("Customer"),
                    self.env._("Product"),
                    self.env._("Reason"),
                    self.env._("Quantity"),
                    self.env._("Good"),
                    self.env._("Damaged"),
                    self.env._("Amount"),
                    self.env._("Next Action Plan"),
                ],
                ["qty", "qty", "qty", "money", "text"],
            )
        return (
            "cs.damage.analysis",
            ["product_id", "reason_id", "handling"],
            ["quantity:sum", "amount:sum", "disposed_qty:sum", "disposed_amount:sum"],
            [
                self.env._("Product"),
                self.env._("Reason"),
                self.env._("Proposed Handling"),
                self.env._("Damaged Quantity"),
                self.env._("Damaged Amount"),
                self.env._("Disposed Quantity"),
                self.env._("Disposed Amount"),
            ],
            ["qty", "money", "qty", "money"],
        )

    def _columns(self):
        """Kind of every column: "label" for the grouping ones, then the measures'."""
        _model, groupby, _measures, _titles, kinds = self._spec()
        return ["label"] * len(groupby) + kinds

    def _rows(self):
        """Rows of display values, grouped as the department reads them, the total quantity and the
        total amount (returned, or damaged: disposing of damaged stock is not counted again)."""
        self.ensure_one()
        model, groupby, aggregates, _titles, kinds = self._spec()
        Model = self.env[model]
        domain = [
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("company_id", "=", self.company_id.id),
        ]
        handling = (
            dict(Model._fields["handling"]._description_selection(self.env)) if "handling" in Model._fields else {}
        )
        rows = []
        for group in Model._read_group(domain, groupby, aggregates, order=", ".join(groupby)):
            keys, values = group[: len(groupby)], group[len(groupby) :]
            labels = [handling.get(k, k or "") if isinstance(k, str) else (k.display_name or "") for k in keys]
            measures = [
                "; ".join(sorted({v for v in value if v})) if kind == "text" else value
                for value, kind in zip(values, kinds, strict=True)
            ]
            rows.append(labels + measures)
        quantity_col = len(groupby)
        amount_col = quantity_col + kinds.index("money")
        total_qty = sum(r[quantity_col] for r in rows)
        total_amount = sum(r[amount_col] for r in rows)
        return rows, total_qty, total_amount

    def _totals(self, rows):
        """The total line: the sum of every number column, None elsewhere."""
        return [
            sum(row[col] for row in rows) if kind in ("qty", "money") else None
            for col, kind in enumerate(self._columns())
        ]

    def _analysis_title(self):
        return dict(self._fields["analysis"]._description_selection(self.env))[self.analysis]

    def action_print(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_stock_analysis").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_stock_analysis_xlsx").report_action(
            self, config=False
        )
