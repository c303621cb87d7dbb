import functools
from collections import defaultdict
from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools import float_compare

from ..models.rules import inventory_days
from ..models.rules import local_date
from ..models.rules import local_days_utc
from ..models.rules import local_midnight_utc
from ..models.rules import month_range
from ..models.rules import month_weeks
from ..models.rules import percent
from ..report.cs_return_analysis import COUNTED_STATES

KPIS = [
    ("accuracy", "Inventory record accuracy (%)"),
    ("service", "Customer service level (%)"),
    ("days", "Inventory days"),
    ("adjustment", "Manual adjustment rate (%)"),
    ("qualified", "Qualified order rate (%)"),
    ("rejected", "Rejected deliveries (%)"),
]
PERIODS = [("week1", "Week 1"), ("week2", "Week 2"), ("week3", "Week 3"), ("week4", "Week 4"), ("month", "Month")]


def per_period(measure):
    """A measure of one period ``[start, end)`` applied to each period of the table in turn."""

    @functools.wraps(measure)
    def measure_periods(self, periods):
        return [measure(self, start, end) for start, end in periods]

    return measure_periods


class CsKpiReport(models.TransientModel):
    """客户服务部重要衡量指标跟踪表: weeks 1 to 4 of a month and the month.

    Every figure of a past period is read from records dated in or before it
    (stock moves, the cost history, the orders' confirmation and correction
    dates), so a month printed again later, after new stock moves, reads the same.
    """

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

    def _company_domain(self, field="company_id"):
        return Domain(field, "=", self.company_id.id)

    # Each measure takes the periods of the table as UTC bounds [(start, end), ...] and returns, for each,
    # (model of the records behind the figure, numerator, denominator, value, their ids)
    @per_period
    def _measure_accuracy(self, start, end):
        domain = self._company_domain() & Domain("date", ">=", start) & Domain("date", "<", end)
        counts = self.env["cs.stock.count"].search(domain)
        matched = len(counts.filtered("matched"))
        return "cs.stock.count", matched, len(counts), percent(matched, len(counts)), counts.ids

    @per_period
    def _measure_adjustment(self, start, end):
        """手工调整率: stock lines (product x location) changed by a manual stock adjustment (库存调整表,
        rulebook 000 L358) ÷ the stock lines counted or adjusted in the period. A line adjusted twice
        counts once, so the rate stays between 0 and 100 %."""
        period = self._company_domain() & Domain("date", ">=", start) & Domain("date", "<", end)
        counted = {
            (product.id, location.id)
            for product, location in self.env["cs.stock.count"]._read_group(period, ["product_id", "location_id"])
        }
        adjusted, ids = set(), []
        for product, source, dest, move_ids in self.env["stock.move"]._read_group(
            period & Domain("is_inventory", "=", True) & Domain("state", "=", "done") & Domain("quantity", ">", 0),
            ["product_id", "location_id", "location_dest_id"],
            ["id:array_agg"],
        ):
            # the stock location an adjustment changed (its other end is the inventory loss)
            adjusted.add((product.id, (dest if dest.usage == "internal" else source).id))
            ids += move_ids
        stock_lines = counted | adjusted
        return "stock.move", len(adjusted), len(stock_lines), percent(len(adjusted), len(stock_lines)), sorted(ids)

    def _measure_service(self, periods):
        """客户服务水平: order lines served ÷ order lines due in the period. A line is due on its promised
        date (the order's commitment date, else the expected date Odoo computes from the order date and
        the lead time) and served when delivered complete by the end of that day; a later return does
        not undo that."""
        first, last = min(start for start, _end in periods), max(end for _start, end in periods)
        lines, promised = self._lines_due(first, last)
        served = self._served_lines(lines, promised)
        results = []
        for start, end in periods:
            due = [line_id for line_id in lines.ids if start <= promised[line_id] < end]
            done = len([line_id for line_id in due if line_id in served])
            results.append(("sale.order.line", done, len(due), percent(done, len(due)), due))
        return results

    def _lines_due(self, start, end):
        """Order lines promised in [start, end), and {line id: promised date}."""
        Line = self.env["sale.order.line"]
        base = (
            Domain("order_id.company_id", "=", self.company_id.id)
            & Domain("order_id.state", "=", "sale")
            & Domain("display_type", "=", False)
            & Domain("product_id.is_storable", "=", True)
        )
        committed = (
            base & Domain("order_id.commitment_date", ">=", start) & Domain("order_id.commitment_date", "<", end)
        )
        fnames = ["order_id", "product_uom_id", "product_uom_qty"]
        lines = Line.search_fetch(committed, fnames, order="id")
        # no commitment date: the expected date is the order date plus a lead time, never before the order date
        uncommitted = base & Domain("order_id.commitment_date", "=", False) & Domain("order_id.date_order", "<", end)
        [(max_lead,)] = Line._read_group(uncommitted, aggregates=["customer_lead:max"])
        uncommitted &= Domain("order_id.date_order", ">=", start - timedelta(days=max_lead or 0))
        lines |= Line.search_fetch(uncommitted, fnames, order="id")
        lines.order_id.fetch(["commitment_date", "date_order", "state"])
        promised = {line.id: self._promised(line) for line in lines}
        lines = lines.filtered(lambda line: promised[line.id] and start <= promised[line.id] < end)
        return lines, promised

    @staticmethod
    def _promised(line):
        return line.order_id.commitment_date or line.order_id.expected_date

    def _served_lines(self, lines, promised):
        """Ids of the lines delivered complete by their promised date: what reached the customer by the
        end of that day (the reader's day, as the table's weeks), less what came back by then, covers the
        ordered quantity. Moves after that day change nothing."""
        if not lines:
            return set()
        tz = self.tz or self.company_id._cs_reader_tz()

        @functools.cache
        def day_end(when):
            return local_midnight_utc(local_date(when, tz) + timedelta(days=1), tz)

        day_ends = {line_id: day_end(promised[line_id]) for line_id in lines.ids}
        self.env["stock.move"].flush_model(["sale_line_id", "state", "date", "quantity", "product_uom"])
        self.env.cr.execute(
            SQL(
                """
                SELECT due.line_id, move.product_uom,
                       SUM(CASE WHEN dest.usage = 'customer' THEN move.quantity ELSE -move.quantity END)
                  FROM unnest(%s::int[], %s::timestamp[]) AS due(line_id, day_end)
                  JOIN stock_move move ON move.sale_line_id = due.line_id
                                      AND move.state = 'done' AND move.date < due.day_end
                  JOIN stock_location source ON source.id = move.location_id
                  JOIN stock_location dest ON dest.id = move.location_dest_id
                 WHERE (source.usage = 'customer') <> (dest.usage = 'customer')
                 GROUP BY due.line_id, move.product_uom
                """,
                lines.ids,
                [day_ends[line_id] for line_id in lines.ids],
            )
        )
        rows = self.env.cr.fetchall()
        by_id = {line.id: line for line in lines}
        uoms = {u.id: u for u in self.env["uom.uom"].browse({row[1] for row in rows})}
        shipped = defaultdict(float)
        for line_id, uom_id, quantity in rows:
            line = by_id[line_id]
            if uom_id != line.product_uom_id.id:
                quantity = uoms[uom_id]._compute_quantity(quantity, line.product_uom_id, rounding_method="HALF-UP")
            shipped[line] += quantity
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        return {
            line.id
            for line, qty in shipped.items()
            if float_compare(qty, 0, precision_digits=digits) > 0
            and float_compare(qty, line.product_uom_qty, precision_digits=digits) >= 0
        }

    def _measure_days(self, periods):
        """库存天数: the stock value at the END of the period ÷ the average daily cost of the goods shipped
        in it. Both come from the stock move history, never from today's stock:

        - quantity at the end = today's quantity in the company's internal locations less the done moves
          that brought goods in since, plus those that took goods out since (how Odoo's own
          ``qty_available`` with ``to_date`` reads the past);
        - value = that quantity × the product's standard cost at the end of the period (Odoo's cost
          history, ``product.value``, as ``_get_standard_price_at_date`` reads it);
        - cost of goods shipped = the value Odoo booked on each delivery move of the period, or its
          quantity × the standard cost at the end of the period for a move without a value.
        """
        quantities = self._stock_quantities_at({end for _start, end in periods})
        results = []
        for (start, end), (valued, unvalued, shipped_ids) in zip(periods, self._goods_shipped(periods), strict=True):
            costs = self._standard_costs_at(end, set(quantities[end]) | set(unvalued))
            stock_value = round(sum(qty * costs[product] for product, qty in quantities[end].items()), 2)
            cogs = round(sum(valued.values()) + sum(qty * costs[product] for product, qty in unvalued.items()), 2)
            days = round((end - start).total_seconds() / 86400)
            results.append(("stock.move", stock_value, cogs, inventory_days(stock_value, cogs, days), shipped_ids))
        return results

    def _stock_quantities_at(self, instants):
        """{instant: {product: quantity in the company's internal locations at that instant}} (product
        units): today's quants less what came in since, plus what went out since (one pass over the moves)."""
        instants = sorted(instants)
        now = defaultdict(float)
        for product, quantity in self.env["stock.quant"]._read_group(
            self._company_domain() & Domain("location_id.usage", "=", "internal"), ["product_id"], ["quantity:sum"]
        ):
            now[product] += quantity
        self.env["stock.move"].flush_model(
            ["company_id", "state", "date", "product_id", "product_uom", "quantity", "location_id", "location_dest_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT move.product_id, move.product_uom, %s
                  FROM stock_move move
                  JOIN stock_location source ON source.id = move.location_id
                  JOIN stock_location dest ON dest.id = move.location_dest_id
                  JOIN product_product product ON product.id = move.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE move.company_id = %s AND move.state = 'done' AND move.date >= %s AND template.is_storable
                   AND (source.usage = 'internal') <> (dest.usage = 'internal')
                 GROUP BY move.product_id, move.product_uom
                """,
                SQL(", ").join(
                    SQL(
                        "SUM(CASE WHEN move.date >= %s THEN CASE WHEN dest.usage = 'internal' THEN move.quantity "
                        "ELSE -move.quantity END ELSE 0 END)",
                        instant,
                    )
                    for instant in instants
                ),
                self.company_id.id,
                instants[0],
            )
        )
        rows = self.env.cr.fetchall()
        since = {instant: defaultdict(float) for instant in instants}
        products = {p.id: p for p in self.env["product.product"].browse({row[0] for row in rows})}
        uoms = {u.id: u for u in self.env["uom.uom"].browse({row[1] for row in rows})}
        for product_id, uom_id, *came_in in rows:
            product, uom = products[product_id], uoms[uom_id]
            for instant, quantity in zip(instants, came_in, strict=True):
                since[instant][product] += uom._compute_quantity(quantity, product.uom_id, round=False)
        return {
            instant: {
                product: now.get(product, 0.0) - since[instant].get(product, 0.0)
                for product in set(now) | set(since[instant])
            }
            for instant in instants
        }

    def _goods_shipped(self, periods):
        """Delivery moves of each period: [({product: booked value}, {product: quantity of the moves
        without a value}, ids of the moves), ...] (one pass over the moves of the periods)."""
        self.env["stock.move"].flush_model(
            ["company_id", "state", "date", "product_id", "product_uom", "quantity", "value", "location_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT move.id, move.product_id, move.product_uom, move.date, move.quantity,
                       COALESCE(move.value, 0)
                  FROM stock_move move
                  JOIN stock_location source ON source.id = move.location_id
                  JOIN stock_location dest ON dest.id = move.location_dest_id
                 WHERE move.company_id = %s AND move.state = 'done' AND move.date >= %s AND move.date < %s
                   AND source.usage = 'internal' AND dest.usage = 'customer'
                 ORDER BY move.id
                """,
                self.company_id.id,
                min(start for start, _end in periods),
                max(end for _start, end in periods),
            )
        )
        rows = self.env.cr.fetchall()
        products = {p.id: p for p in self.env["product.product"].browse({row[1] for row in rows})}
        uoms = {u.id: u for u in self.env["uom.uom"].browse({row[2] for row in rows})}
        shipped = [(defaultdict(float), defaultdict(float), []) for _period in periods]
        for move_id, product_id, uom_id, when, quantity, value in rows:
            product = products[product_id]
            for (start, end), (valued, unvalued, ids) in zip(periods, shipped, strict=True):
                if not start <= when < end:
                    continue
                if value:
                    valued[product] += abs(value)
                else:
                    unvalued[product] += uoms[uom_id]._compute_quantity(quantity, product.uom_id, round=False)
                ids.append(move_id)
        return shipped

    def _standard_costs_at(self, instant, products):
        """{product: standard cost at ``instant``}: the last price Odoo logged before it in the cost
        history (``product.value`` without move or lot), else the first one logged, else today's."""
        company = self.company_id
        products = self.env["product.product"].union(*products)
        costs = {}
        if "product.value" in self.env and products:
            # the cost history is an Inventory manager's record: read it for the figure only
            Value = self.env["product.value"].sudo()
            logged = (
                Domain("product_id", "in", products.ids)
                & Domain("move_id", "=", False)
                & Domain("lot_id", "=", False)
                & Domain("company_id", "=", company.id)
            )
            for entry in Value.search_fetch(
                logged & Domain("date", "<", instant), ["product_id", "value"], order="date desc, id desc"
            ):
                costs.setdefault(entry.product_id.with_env(self.env), entry.value)
            missing = products.filtered(lambda p: p not in costs)
            if missing:
                for entry in Value.search_fetch(
                    logged & Domain("product_id", "in", missing.ids), ["product_id", "value"], order="date, id"
                ):
                    costs.setdefault(entry.product_id.with_env(self.env), entry.value)
        for product in products:
            if product not in costs:
                costs[product] = product.with_company(company).standard_price
        return costs

    @per_period
    def _measure_qualified(self, start, end):
        """合格订单率 (rulebook 000 L345 「只有合格的标准订单才能得到处理」, L347 「操作员提供合格订单率」): orders
        confirmed in the period that went through as entered ÷ orders confirmed in the period. An order
        is not qualified once it was corrected after its confirmation (a line's product, quantity, unit,
        price or discount changed, a line added, or the order cancelled) before the end of the period. An
        order whose confirmation was refused because it was not qualified (rulebook 000 L345, see
        sale_order_qualification.py) counts in the period it was first submitted, as not qualified."""
        SaleOrder = self.env["sale.order"]
        confirmed = self._company_domain() & (
            (Domain("cs_confirmed_date", ">=", start) & Domain("cs_confirmed_date", "<", end))
            # orders confirmed before the addon recorded confirmations: their order date is the confirmation
            | (
                Domain("cs_confirmed_date", "=", False)
                & Domain("state", "=", "sale")
                & Domain("date_order", ">=", start)
                & Domain("date_order", "<", end)
            )
        )
        # an order refused at confirmation as not qualified (cs_disqualified_date) counts when it was first
        # submitted, and is not qualified
        submitted = confirmed | (
            self._company_domain()
            & Domain("cs_disqualified_date", ">=", start)
            & Domain("cs_disqualified_date", "<", end)
        )
        orders = SaleOrder.search(submitted, order="id").filtered(lambda o: start <= _submitted_on(o) < end)
        qualified = orders.filtered(
            lambda o: (not o.cs_corrected_date or o.cs_corrected_date >= end)
            and (not o.cs_disqualified_date or o.cs_disqualified_date >= end)
        )
        return "sale.order", len(qualified), len(orders), percent(len(qualified), len(orders)), orders.ids

    @per_period
    def _measure_rejected(self, start, end):
        """拒收 (rulebook 000 L347 「退货及拒收数量」): deliveries of the period that the customer refused, in
        whole or in part, ÷ deliveries done in the period. A refusal is a return report filed (not a
        draft, not refused or cancelled) on the delivery with a reason marked "Refused at delivery"."""
        deliveries = self.env["stock.picking"].search(
            self._company_domain()
            & Domain("picking_type_code", "=", "outgoing")
            & Domain("location_dest_id.usage", "=", "customer")
            & Domain("state", "=", "done")
            & Domain("date_done", ">=", start)
            & Domain("date_done", "<", end),
            order="id",
        )
        refusals = self.env["cs.return.report.line"].search(
            Domain("report_id.picking_id", "in", deliveries.ids)
            & Domain("report_id.state", "in", COUNTED_STATES)
            & Domain("reason_id.is_rejection", "=", True)
        )
        refused = refusals.report_id.picking_id
        return "stock.picking", len(refused), len(deliveries), percent(len(refused), len(deliveries)), refused.ids

    @api.model_create_multi
    def create(self, vals_list):
        """The figures are computed when the table is asked for (a write, on the primary database), so
        that printing it from any menu only reads (a read replica can serve it)."""
        reports = super().create(vals_list)
        for report in reports:
            report._compute_lines()
        return reports

    def write(self, vals):
        result = super().write(vals)
        if {"date", "company_id", "tz"} & set(vals):
            for report in self:
                report._compute_lines()
        return result

    def _compute_lines(self):
        """(Re)compute the figures of the month from the records."""
        self.ensure_one()
        self.line_ids.unlink()
        vals = []
        periods = self._periods()
        bounds = [self._bounds(start, end) for _period, start, end in periods]
        for kpi, _label in KPIS:
            figures = getattr(self, f"_measure_{kpi}")(bounds)
            for (period, start, end), (model, num, den, value, ids) in zip(periods, figures, strict=True):
                measured = bool(den) and value is not None
                vals.append(
                    {
                        "report_id": self.id,
                        "kpi": kpi,
                        "period": period,
                        "date_from": start,
                        "date_to": end,
                        "numerator": num,
                        "denominator": den,
                        "value": value if measured else 0.0,
                        "measured": measured,
                        "res_model": model,
                        "res_ids": ",".join(map(str, ids)),
                    }
                )
        self.env["cs.kpi.report.line"].create(vals)

    def action_compute(self):
        """Compute the figures and show them as a list of their own (with the records behind each)."""
        self.ensure_one()
        self._compute_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("KPI Tracking Table"),
            "res_model": "cs.kpi.report.line",
            "view_mode": "list",
            "views": [(self.env.ref("customer_service_dept.cs_kpi_report_line_view_list").id, "list")],
            "domain": [("report_id", "=", self.id)],
            "target": "current",
        }

    def _kpi_table(self):
        """{kpi: {period: line}} for the printed table, in the table's order (weeks, then the month);
        computed when the table was asked for: printing only reads."""
        self.ensure_one()
        lines = {(line.kpi, line.period): line for line in self.line_ids}
        return {
            kpi: {period: lines[kpi, period] for period, _start, _end in self._periods() if (kpi, period) in lines}
            for kpi, _label in KPIS
            if any(key[0] == kpi for key in lines)
        }

    def _period_dates(self):
        """{period: (first day, last day)} for the table's header."""
        return {period: (start, end) for period, start, end in self._periods()}

    def action_print(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_kpi").report_action(self)

    def action_print_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_kpi_xlsx").report_action(self)

    @api.model
    def _kpi_labels(self):
        return dict(self.env["cs.kpi.report.line"]._fields["kpi"]._description_selection(self.env))

    @api.model
    def _period_labels(self):
        return dict(self.env["cs.kpi.report.line"]._fields["period"]._description_selection(self.env))


class CsKpiReportLine(models.TransientModel):
    _name = "cs.kpi.report.line"
    _description = "KPI Figure"
    _order = "kpi_sequence, period"

    report_id = fields.Many2one("cs.kpi.report", required=True, ondelete="cascade")
    kpi = fields.Selection(KPIS, string="Indicator", required=True)
    kpi_sequence = fields.Integer(string="Indicator Order", compute="_compute_kpi_sequence", store=True)
    period = fields.Selection(PERIODS, required=True)
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

    @api.depends("value", "measured", "denominator")
    def _compute_value_text(self):
        for line in self:
            line.value_text = f"{line.value:.2f}" if line.measured and line.denominator else self.env._("n/a")

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
                "order lines delivered complete by the end of their promised date ÷ order lines promised in the "
                "period × 100; promised date = the order's commitment date, else its expected date (order date + "
                "lead time); a later return does not undo an on-time complete delivery"
            ),
            "days": self.env._(
                "stock value at the end of the period ÷ (cost of goods shipped in the period ÷ days in the "
                "period); stock value = quantity in stock at the end of the period (from the stock moves) × "
                "the product's standard cost at that time; cost of goods shipped = the value booked on each "
                "delivery"
            ),
            "adjustment": self.env._(
                "stock lines (product × location) changed by a manual stock adjustment ÷ stock lines counted or "
                "adjusted in the period × 100"
            ),
            "qualified": self.env._(
                "orders confirmed in the period and not corrected before its end ÷ orders confirmed in the "
                "period × 100; a correction is a change of a line's product, quantity, unit, price or discount, "
                "a line added, or the order cancelled after its confirmation"
            ),
            "rejected": self.env._(
                "deliveries done in the period that the customer refused (a return report with a reason "
                "marked Refused at delivery) ÷ deliveries done in the period × 100"
            ),
        }

    def _fraction_text(self):
        """ "numerator / denominator" as printed under the figure: amounts (the stock value and the cost of
        goods shipped of the inventory days) in whole yuan, counts as they are."""
        self.ensure_one()

        def number(value):
            if self.kpi == "days":
                return f"{value:,.0f}"
            return f"{value:,.2f}".rstrip("0").rstrip(".")

        return f"{number(self.numerator)} / {number(self.denominator)}"

    def action_open_records(self):
        """Open the records behind the figure."""
        self.ensure_one()
        ids = [int(i) for i in (self.res_ids or "").split(",") if i]
        return {
            "type": "ir.actions.act_window",
            "name": f"{self.report_id._kpi_labels()[self.kpi]} - {self.report_id._period_labels()[self.period]}",
            "res_model": self.res_model,
            "view_mode": "list,form",
            "domain": [("id", "in", ids)],
            "target": "current",
        }


def _submitted_on(order):
    """When an order was first submitted for processing: its first confirmation or its first refusal as not
    qualified, whichever came first (orders confirmed before the addon recorded it: their order date)."""
    confirmed = order.cs_confirmed_date or (order.state == "sale" and order.date_order)
    return min(d for d in (confirmed, order.cs_disqualified_date) if d)
