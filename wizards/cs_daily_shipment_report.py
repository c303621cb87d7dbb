import logging
from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.queue_job.job import identity_exact
from odoo.fields import Domain
from odoo.tools.misc import format_datetime

from ..models.rules import daily_report_due
from ..models.rules import local_datetime
from ..models.rules import local_day_utc

_logger = logging.getLogger(__name__)


class CsDailyShipmentReport(models.TransientModel):
    """Daily shipment report (每日發貨報告): what left the warehouse for the customers on one day,
    by delivery and product, in units and in cases, with its value; and the deliveries due by
    that day that are still not shipped.

    The day runs from 00:00 to 24:00 in the company's time zone (the warehouse's day, whoever
    reads it); the printed times are in the reader's time zone (``tz``).
    """

    _name = "cs.daily.shipment.report"
    _description = "Daily Shipment Report"

    date = fields.Date(
        string="Day",
        required=True,
        default=lambda self: self.env.company._cs_today(),
        help="The shipping day, from 00:00 to 24:00 in the company's time zone.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        default=lambda self: self.env.company._cs_reader_tz(self.env.user),
        help="Time zone of the times printed on the report: the reader's, the company's for the scheduled mail.",
    )
    shipped_count = fields.Integer(string="Deliveries shipped", compute="_compute_counts")
    pending_count = fields.Integer(string="Deliveries not shipped yet", compute="_compute_counts")

    @api.depends("date", "company_id")
    def _compute_counts(self):
        for report in self:
            if not report.date:
                report.shipped_count = report.pending_count = 0
                continue
            report.shipped_count = len(report._shipped_moves().picking_id)
            report.pending_count = len(report._pending_pickings())

    # --- the day -------------------------------------------------------------

    def _utc_bounds(self):
        """The day as UTC datetimes [start, end): 00:00 to 24:00 in the company's time zone."""
        self.ensure_one()
        return local_day_utc(self.date, self.company_id._cs_reader_tz())

    def _shipped_moves(self):
        """Moves that reached a customer from the warehouse that day (the last step of a delivery)."""
        self.ensure_one()
        start, end = self._utc_bounds()
        return self.env["stock.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.usage", "=", "internal"),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            order="reference, id",
        )

    def _pending_pickings(self):
        """Customer deliveries (any step of them) due by the end of the day and still not done."""
        self.ensure_one()
        _start, end = self._utc_bounds()
        to_customer = Domain("move_ids.location_dest_id.usage", "=", "customer") | Domain(
            "move_ids.location_final_id.usage", "=", "customer"
        )
        return self.env["stock.picking"].search(
            Domain("company_id", "=", self.company_id.id)
            & Domain("state", "in", ("confirmed", "waiting", "assigned"))
            & Domain("scheduled_date", "<", end)
            & to_customer,
            order="scheduled_date, name",
        )

    @staticmethod
    def _case_uom(product, sale_uoms):
        """The unit the product is counted in cases by: the unit it was sold in when bigger than its
        own (e.g. "Case of 12"), else its smallest packaging bigger than its own unit; None if none."""
        unit = product.uom_id
        sold = sale_uoms.filtered(lambda u: u.factor > unit.factor)
        if sold:
            return sold.sorted("factor")[-1]
        packagings = product.uom_ids.filtered(lambda u: u.factor > unit.factor)
        return packagings.sorted("factor")[:1] or None

    def _time(self, value, dt_format="HH:mm"):
        return format_datetime(self.env, value, tz=self.tz or self.company_id._cs_reader_tz(), dt_format=dt_format)

    def _rows(self):
        """One row per delivery and product: ``[{delivery, time, customer, product, quantity, unit,
        cases, case_unit, amount}]`` sorted by delivery and product, and the totals
        ``{quantity, cases, amount}``.

        Quantity in the product's own unit; cases = quantity ÷ the case's size (blank without a
        case unit); amount = the quantity in the sale line's unit × its net unit price (after
        discount, before tax), in the company's currency.
        """
        self.ensure_one()
        company = self.company_id
        groups = defaultdict(lambda: {"moves": self.env["stock.move"], "quantity": 0.0, "amount": 0.0})
        for move in self._shipped_moves():
            product = move.product_id
            group = groups[move.picking_id, product]
            group["moves"] |= move
            group["quantity"] += move.product_uom._compute_quantity(move.quantity, product.uom_id, round=False)
            line = move.sale_line_id
            if line:
                sold = move.product_uom._compute_quantity(move.quantity, line.product_uom_id, round=False)
                group["amount"] += line.currency_id._convert(
                    sold * line.price_reduce_taxexcl, company.currency_id, company, move.date.date()
                )
        rows = []
        for (picking, product), group in groups.items():
            case_uom = self._case_uom(product, group["moves"].sale_line_id.product_uom_id)
            cases = (
                round(product.uom_id._compute_quantity(group["quantity"], case_uom, round=False), 2)
                if case_uom
                else None
            )
            rows.append(
                {
                    "delivery": picking.name or "",
                    "time": self._time(max(group["moves"].mapped("date"))),
                    "customer": picking.partner_id.commercial_partner_id.display_name or "",
                    "product": product.display_name,
                    "quantity": group["quantity"],
                    "unit": product.uom_id.name,
                    "cases": cases,
                    "case_unit": case_uom.name if case_uom else "",
                    "amount": company.currency_id.round(group["amount"]),
                }
            )
        rows.sort(key=lambda r: (r["delivery"], r["product"]))
        totals = {
            "quantity": sum(r["quantity"] for r in rows),
            "cases": round(sum(r["cases"] or 0.0 for r in rows), 2),
            "amount": company.currency_id.round(sum(r["amount"] for r in rows)),
        }
        return rows, totals

    def _pending_rows(self):
        """The deliveries not shipped yet: ``[{delivery, customer, scheduled, state}]``."""
        self.ensure_one()
        pickings = self._pending_pickings()
        states = dict(pickings._fields["state"]._description_selection(self.env))
        return [
            {
                "delivery": picking.name,
                "customer": picking.partner_id.commercial_partner_id.display_name or "",
                "scheduled": self._time(picking.scheduled_date, "yyyy-MM-dd HH:mm"),
                "state": states[picking.state],
            }
            for picking in pickings
        ]

    def _prepared_by(self):
        """Who prepared the report (the user who opened it, the scheduled action's user for the mail)."""
        return (self.create_uid or self.env.user).name

    def _printed_at(self):
        """Now, in the reader's time zone."""
        return self._time(fields.Datetime.now(), "yyyy-MM-dd HH:mm")

    # --- actions -------------------------------------------------------------

    def action_print(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_daily_shipment").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.action_report_cs_daily_shipment_xlsx").report_action(
            self, config=False
        )

    # --- the 16:30 mail --------------------------------------------------------

    @api.model
    def _cron_send_daily_shipment_report(self):
        """Every 15 minutes: one queued job per company whose local clock has passed its report time
        (16:30 by default) and whose day was not sent yet (the job does the work). A run before the
        job ran queues nothing twice (same identity: company and day)."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            local_now = local_datetime(now, company._cs_reader_tz())
            if not daily_report_due(local_now, company.cs_shipment_report_time, company.cs_shipment_report_date):
                continue
            self.with_company(company).with_delay(
                description=self.env._("Mail the daily shipment report of %(company)s", company=company.name),
                identity_key=identity_exact,
            )._cs_send_daily_shipment_report(company, local_now.date())

    @api.model
    def _cs_send_daily_shipment_report(self, company, day):
        """The job: mail the company's report of ``day`` (PDF and XLSX) to its recipients and flag the
        deliveries due and not shipped. The company records the day sent, so each day goes once."""
        if company.cs_shipment_report_date and company.cs_shipment_report_date >= day:
            return self.env._("Already sent for %(day)s.", day=day)
        report = self.with_company(company).create(
            {"company_id": company.id, "date": day, "tz": company._cs_reader_tz()}
        )
        report._cs_flag_pending()
        mail = report._cs_send()
        company.sudo().cs_shipment_report_date = day
        if not mail:
            return self.env._("No recipient for %(day)s: deliveries not shipped flagged only.", day=day)
        return self.env._("Sent for %(day)s.", day=day)

    def _cs_flag_pending(self):
        """An activity on each delivery due and not shipped (once per delivery while it stays open):
        for its responsible person, else the first recipient of the report."""
        self.ensure_one()
        activity_type = self.env.ref("customer_service_dept.mail_activity_type_cs_not_shipped")
        fallback = self.company_id.cs_shipment_report_user_ids[:1]
        for picking in self._pending_pickings():
            user = picking.user_id or fallback
            if not user or picking.activity_ids.filtered(lambda a, t=activity_type: a.activity_type_id == t):
                continue
            picking.activity_schedule(
                "customer_service_dept.mail_activity_type_cs_not_shipped",
                date_deadline=self.date,
                summary=self.env._(
                    "Not shipped by the daily shipment report of %(day)s", day=fields.Date.to_string(self.date)
                ),
                user_id=user.id,
            )

    def _cs_send(self):
        """The report by mail to the company's recipients, PDF and XLSX attached (mail template)."""
        self.ensure_one()
        partners = self.company_id.cs_shipment_report_user_ids.partner_id.filtered("email")
        if not partners:
            _logger.info("Daily shipment report of %s: no recipient with an e-mail address.", self.company_id.name)
            return self.env["mail.mail"]
        template = self.env.ref("customer_service_dept.mail_template_cs_daily_shipment")
        mail_id = template.send_mail(self.id, email_values={"recipient_ids": [(6, 0, partners.ids)]})
        return self.env["mail.mail"].sudo().browse(mail_id)
