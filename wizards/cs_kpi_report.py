from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.fields import Domain

from ..models.rules import inventory_days
from ..models.rules import local_days_utc
from ..models.rules import month_range
from ..models.rules import month_weeks
from ..models.rules import percent

KPIS = [
    ("accuracy", "Inventory record accuracy (%)"),
    ("service", "Customer service level (%)"),
    ("days", "Inventory days"),
    ("adjustment", "Manual adjustment rate (%)"),
]


class CsKpiReport(models.TransientModel):
    """客户服务部重要衡量指标跟踪表: weeks 1 to 4 of a month and the month."""

    _name = "cs.kpi.report"
    _description = "Customer Service KPI Tracking"

    date = fields.Date(string="Month", required=True, default=lambda self: self.env.company._cs_today(self.env.user))
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        default=lambda self: self.env.company._cs_reader_tz(self.env.user),
        help="Weeks and the month run from 00:00 of their first day to 24:00 of their last day here.",
    )
    line_ids = fields.One2many("cs.kpi.report.line", "report_id", string="Figures")

    def _periods(self):
        weeks = month_weeks(self.date)
        return [
            *((f"week{i}", start, end) for i, (start, end) in enumerate(weeks, start=1)),
            ("month", *month_range(self.date)),
        ]

    def _bounds(self, start, end):
        """Days ``start`` to ``end`` of the reader's time zone as UTC bounds [start, end)."""
        return local_days_utc(start, end, self.tz or self.company_id._cs_reader_tz())

    # Each measure returns (numerator, denominator, value, domain of the records behind it)
    def _measure_accuracy(self, start, end):
        domain = Domain("company_id", "=", self.company_id.id) & Domain("date", ">=", start) & Domain("date", "<", end)
        counts = self.env["cs.stock.count"].search(domain)
        matched = len(counts.filtered("matched"))
        return "cs.stock.count", matched, len(counts), percent(matched, len(counts)), counts.ids

    def _measure_adjustment(self, start, end):
        counted = self.env["cs.stock.count"].search_count(
            [("company_id", "=", self.company_id.id), ("date", ">=", start), ("date", "<", end)]
        )
        adjusted = self.env["stock.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("is_inventory", "=", True),
                ("state", "=", "done"),
                ("quantity", ">", 0),
                ("date", ">=", start),
                ("date", "<", end),
            ]
        )
        return "stock.move", len(adjusted), counted, percent(len(adjusted), counted), adjusted.ids

    def _measure_service(self, start, end):
        lines = self.env["sale.order.line"].search(
            [
                ("order_id.company_id", "=", self.company_id.id),
                ("order_id.state", "=", "sale"),
                ("display_type", "=", False),
                ("product_id.is_storable", "=", True),
                ("order_id.commitment_date", ">=", start),
                ("order_id.commitment_date", "<", end),
            ]
        )
        good = lines.filtered(self._delivered_in_full_and_on_time)
        return "sale.order.line", len(good), len(lines), percent(len(good), len(lines)), lines.ids

    @staticmethod
    def _delivered_in_full_and_on_time(line):
        promised = line.order_id.commitment_date
        done = line.move_ids.filtered(lambda m: m.state == "done" and m.location_dest_id.usage == "customer")
        full = line.product_uom_id.compare(line.qty_delivered, line.product_uom_qty) >= 0
        return bool(done) and full and max(done.mapped("date")) <= promised

    def _measure_days(self, start, end):
        shipped = self.env["stock.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("location_id.usage", "=", "internal"),
                ("location_dest_id.usage", "=", "customer"),
                ("date", ">=", start),
                ("date", "<", end),
            ]
        )
        cogs = sum(abs(m.value) or m.product_qty * m.product_id.standard_price for m in shipped)
        quants = self.env["stock.quant"].search(
            [("company_id", "=", self.company_id.id), ("location_id.usage", "=", "internal")]
        )
        stock_value = sum(q.quantity * q.product_id.standard_price for q in quants)
        days = round((end - start).total_seconds() / 86400)
        return "stock.move", round(stock_value, 2), round(cogs, 2), inventory_days(stock_value, cogs, days), shipped.ids

    def action_compute(self):
        self.ensure_one()
        self.line_ids.unlink()
        vals = []
        for kpi, _label in KPIS:
            for period, start, end in self._periods():
                model, num, den, value, ids = getattr(self, f"_measure_{kpi}")(*self._bounds(start, end))
                vals.append(
                    {
                        "report_id": self.id,
                        "kpi": kpi,
                        "period": period,
                        "date_from": start,
                        "date_to": end,
                        "numerator": num,
                        "denominator": den,
                        "value": value or 0.0,
                        "measured": value is not None,
                        "res_model": model,
                        "res_ids": ",".join(map(str, ids)),
                    }
                )
        self.env["cs.kpi.report.line"].create(vals)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _kpi_table(self):
        """{kpi: {period: line}} for the printed table."""
        table = {}
        for line in self.line_ids:
            table.setdefault(line.kpi, {})[line.period] = line
        return table

    def action_print(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        return self.env.ref("customer_service_dept.action_report_cs_kpi").report_action(self)

    @api.model
    def _kpi_labels(self):
        return dict(self.env["cs.kpi.report.line"]._fields["kpi"]._description_selection(self.env))


class CsKpiReportLine(models.TransientModel):
    _name = "cs.kpi.report.line"
    _description = "KPI Figure"
    _order = "kpi_sequence, period"

    report_id = fields.Many2one("cs.kpi.report", required=True, ondelete="cascade")
    kpi = fields.Selection(KPIS, string="Indicator", required=True)
    kpi_sequence = fields.Integer(string="Indicator Order", compute="_compute_kpi_sequence", store=True)
    period = fields.Selection(
        [("week1", "Week 1"), ("week2", "Week 2"), ("week3", "Week 3"), ("week4", "Week 4"), ("month", "Month")],
        required=True,
    )
    date_from = fields.Date()
    date_to = fields.Date()
    numerator = fields.Float()
    denominator = fields.Float()
    value = fields.Float(digits=(16, 2))
    measured = fields.Boolean(help="False when there was nothing to measure (no count, no order line due...).")
    formula = fields.Char(compute="_compute_formula")
    res_model = fields.Char(string="Records Model")
    res_ids = fields.Text(string="Record IDs")

    @api.depends("kpi")
    def _compute_kpi_sequence(self):
        order = [k for k, _label in KPIS]
        for line in self:
            line.kpi_sequence = order.index(line.kpi)

    @api.depends("kpi")
    def _compute_formula(self):
        formulas = self._formulas()
        for line in self:
            line.formula = formulas[line.kpi]

    @api.model
    def _formulas(self):
        return {
            "accuracy": self.env._("counted lines whose system quantity matched the count ÷ counted lines × 100"),
            "service": self.env._("order lines delivered in full and on time ÷ order lines due × 100"),
            "days": self.env._("stock value ÷ (cost of goods shipped ÷ days in the period)"),
            "adjustment": self.env._("adjusted lines (inventory adjustment moves) ÷ counted lines × 100"),
        }

    def action_open_records(self):
        """Open the records behind the figure."""
        self.ensure_one()
        ids = [int(i) for i in (self.res_ids or "").split(",") if i]
        return {
            "type": "ir.actions.act_window",
            "name": f"{dict(KPIS)[self.kpi]} - {self.period}",
            "res_model": self.res_model,
            "view_mode": "list,form",
            "domain": [("id", "in", ids)],
            "target": "current",
        }
