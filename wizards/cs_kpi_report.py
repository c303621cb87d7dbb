from datetime import timedelta

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
        """手工调整率: stock lines (product x location) changed by a manual stock adjustment (库存调整表,
        rulebook 000 L358) ÷ the stock lines counted or adjusted in the period. A line adjusted twice
        counts once, so the rate stays between 0 and 100 %."""
        counts = self.env["cs.stock.count"].search(
            [("company_id", "=", self.company_id.id), ("date", ">=", start), ("date", "<", end)]
        )
        moves = self.env["stock.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("is_inventory", "=", True),
                ("state", "=", "done"),
                ("quantity", ">", 0),
                ("date", ">=", start),
                ("date", "<", end),
            ]
        )
        adjusted = {(m.product_id.id, self._stock_side(m).id) for m in moves}
        stock_lines = {(c.product_id.id, c.location_id.id) for c in counts} | adjusted
        return "stock.move", len(adjusted), len(stock_lines), percent(len(adjusted), len(stock_lines)), moves.ids

    @staticmethod
    def _stock_side(move):
        """The stock location an inventory adjustment move changed (its other end is the inventory loss)."""
        return move.location_dest_id if move.location_dest_id.usage == "internal" else move.location_id

    def _measure_service(self, start, end):
        """客户服务水平: order lines served ÷ order lines due in the period. A line is due on its promised
        date (the order's commitment date, else the expected date Odoo computes from the order date and
        the lead time) and served when delivered complete by then; a later return does not undo that."""
        lines_due = self.env["sale.order.line"]
        base = (
            Domain("order_id.company_id", "=", self.company_id.id)
            & Domain("order_id.state", "=", "sale")
            & Domain("display_type", "=", False)
            & Domain("product_id.is_storable", "=", True)
        )
        committed = (
            base & Domain("order_id.commitment_date", ">=", start) & Domain("order_id.commitment_date", "<", end)
        )
        lines_due |= lines_due.search(committed)
        # no commitment date: the expected date is the order date plus a lead time, never before the order date
        uncommitted = base & Domain("order_id.commitment_date", "=", False) & Domain("order_id.date_order", "<", end)
        [(max_lead,)] = lines_due._read_group(uncommitted, aggregates=["customer_lead:max"])
        uncommitted &= Domain("order_id.date_order", ">=", start - timedelta(days=max_lead or 0))
        lines_due |= lines_due.search(uncommitted).filtered(lambda line: start <= self._promised(line) < end)
        served = lines_due.filtered(self._served)
        return "sale.order.line", len(served), len(lines_due), percent(len(served), len(lines_due)), lines_due.ids

    @staticmethod
    def _promised(line):
        return line.order_id.commitment_date or line.order_id.expected_date

    @classmethod
    def _served(cls, line):
        """Delivered complete by the promised date: what reached the customer by then, less what came
        back by then, covers the ordered quantity. Moves after the promised date change nothing."""
        promised = cls._promised(line)
        shipped = 0.0
        for move in line.move_ids.filtered(lambda m: m.state == "done" and m.date <= promised):
            qty = move.product_uom._compute_quantity(move.quantity, line.product_uom_id, rounding_method="HALF-UP")
            if move.location_dest_id.usage == "customer":
                shipped += qty
            elif move.location_id.usage == "customer":
                shipped -= qty
        uom = line.product_uom_id
        return uom.compare(shipped, 0) > 0 and uom.compare(shipped, line.product_uom_qty) >= 0

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
    value_text = fields.Char(
        string="Figure", compute="_compute_value_text", help="n/a when the denominator is zero: nothing to measure."
    )
    formula = fields.Char(compute="_compute_formula")
    res_model = fields.Char(string="Records Model")
    res_ids = fields.Text(string="Record IDs")

    @api.depends("kpi")
    def _compute_kpi_sequence(self):
        order = [k for k, _label in KPIS]
        for line in self:
            line.kpi_sequence = order.index(line.kpi)

    @api.depends("value", "measured")
    def _compute_value_text(self):
        for line in self:
            line.value_text = f"{line.value:.2f}" if line.measured else self.env._("n/a")

    @api.depends("kpi")
    def _compute_formula(self):
        formulas = self._formulas()
        for line in self:
            line.formula = formulas[line.kpi]

    @api.model
    def _formulas(self):
        return {
            "accuracy": self.env._("counted lines whose system quantity matched the count ÷ counted lines × 100"),
            "service": self.env._(
                "order lines delivered complete by their promised date ÷ order lines promised in the period × 100; "
                "promised date = the order's commitment date, else its expected date; a later return does not "
                "undo an on-time complete delivery"
            ),
            "days": self.env._("stock value ÷ (cost of goods shipped ÷ days in the period)"),
            "adjustment": self.env._(
                "stock lines (product × location) changed by a manual stock adjustment ÷ stock lines counted or "
                "adjusted in the period × 100"
            ),
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
