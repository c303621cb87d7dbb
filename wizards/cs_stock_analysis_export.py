from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get

from ..models.rules import local_days_utc
from ..models.rules import month_range


class CsStockAnalysisExport(models.TransientModel):
    """Monthly return or damage analysis as a PDF or an XLSX file."""

    _name = "cs.stock.analysis.export"
    _description = "Monthly Return / Damage Analysis"

    analysis = fields.Selection(
        [("return", "Return analysis"), ("damage", "Damage analysis"), ("shipment", "Daily shipment report")],
        required=True,
        default="return",
    )
    date = fields.Date(string="Month", required=True, default=lambda self: self.env.company._cs_today(self.env.user))
    date_from = fields.Date(compute="_compute_period")
    date_to = fields.Date(compute="_compute_period")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        default=lambda self: self.env.company._cs_reader_tz(self.env.user),
        help="The day of the shipment report runs from 00:00 to 24:00 here.",
    )

    @api.depends("date", "analysis")
    def _compute_period(self):
        for export in self:
            day = export.date or export.company_id._cs_today(self.env.user)
            # the daily shipment report covers one day, the analyses a month
            export.date_from, export.date_to = (day, day) if export.analysis == "shipment" else month_range(day)

    def _spec(self):
        """(model, group-by fields, measures, column titles) of the chosen analysis."""
        if self.analysis == "shipment":
            return (
                "stock.move",
                ["partner_id", "product_id"],
                [],
                [self.env._("Customer"), self.env._("Product"), self.env._("Quantity"), self.env._("Amount")],
            )
        if self.analysis == "return":
            return (
                "cs.return.analysis",
                ["user_id", "partner_id", "product_id", "reason_id"],
                ["quantity:sum", "amount:sum", "next_action:array_agg"],
                [
                    self.env._("Salesperson"),
                    self.env._("Customer"),
                    self.env._("Product"),
                    self.env._("Reason"),
                    self.env._("Quantity"),
                    self.env._("Amount"),
                    self.env._("Next Action Plan"),
                ],
            )
        return (
            "cs.damage.analysis",
            ["product_id", "reason_id", "handling"],
            ["quantity:sum", "amount:sum"],
            [
                self.env._("Product"),
                self.env._("Reason"),
                self.env._("Proposed Handling"),
                self.env._("Quantity"),
                self.env._("Amount"),
            ],
        )

    def _rows(self):
        """Rows of display values, grouped as the department reads them, and the totals."""
        self.ensure_one()
        if self.analysis == "shipment":
            return self._shipment_rows()
        model, groupby, aggregates, _titles = self._spec()
        Model = self.env[model]
        domain = [
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("company_id", "=", self.company_id.id),
        ]
        handling = dict(Model._fields["handling"].selection) if "handling" in Model._fields else {}
        rows = []
        for group in Model._read_group(domain, groupby, aggregates, order=", ".join(groupby)):
            keys, values = group[: len(groupby)], group[len(groupby) :]
            labels = [handling.get(k, k or "") if isinstance(k, str) else (k.display_name or "") for k in keys]
            numbers = list(values[:2])
            extra = []
            if len(values) > 2:
                extra = ["; ".join(sorted({v for v in values[2] if v}))]
            rows.append(labels + numbers + extra)
        total_qty = sum(r[len(groupby)] for r in rows)
        total_amount = sum(r[len(groupby) + 1] for r in rows)
        return rows, total_qty, total_amount

    def _shipment_rows(self):
        """Deliveries done that day (00:00 to 24:00 where the reader is), by customer and product, at the sale price."""
        start, end = local_days_utc(self.date_from, self.date_to, self.tz or self.company_id._cs_reader_tz())
        moves = self.env["stock.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "customer"),
                ("date", ">=", start),
                ("date", "<", end),
            ]
        )
        totals = defaultdict(lambda: [0.0, 0.0])
        for move in moves:
            key = (move.picking_id.partner_id.commercial_partner_id, move.product_id)
            totals[key][0] += move.product_qty
            totals[key][1] += move.product_qty * (move.sale_line_id.price_unit or 0.0)
        rows = [
            [partner.display_name or "", product.display_name, qty, amount]
            for (partner, product), (qty, amount) in sorted(
                totals.items(), key=lambda item: (item[0][0].display_name or "", item[0][1].display_name)
            )
        ]
        return rows, sum(r[2] for r in rows), sum(r[3] for r in rows)

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
