from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools import format_datetime

from ..models.res_partner_retailer import ResPartner
from ..models.rules import local_days_utc


class CsRetailerNoOrder(models.TransientModel):
    """未订货客户明细查询 (seed 000, 第三篇 七、7):

    「可以在報表平臺中選擇“未訂貨客戶明細查詢”菜單進入界面查詢未訂貨客戶明細查詢情況」.

    The active retailers of the company with a retailer code that have no confirmed sale order (state
    ``sale``) dated within the period: from 00:00 of the first day to 24:00 of the last day in the reader's
    time zone, converted to UTC. One ``SELECT ... WHERE NOT EXISTS`` finds them and one ``INSERT ... SELECT``
    fills the result lines with their last order date (index ``sale_order (partner_id, date_order) WHERE
    state = 'sale'``): the list opens on the lines of this query, no list of 200,000 ids travels to the
    browser.
    """

    _name = "cs.retailer.no.order"
    _description = "Retailers Who Did Not Order"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_today().replace(day=1))
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_today())
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        default=lambda self: self.env.company._cs_reader_tz(self.env.user),
        help="The period runs from 00:00 of its first day to 24:00 of its last day here.",
    )
    market_department = fields.Char(help="Empty: every market department.")
    customer_manager_id = fields.Many2one("res.users")
    order_method = fields.Selection(ResPartner.cs_order_method.selection)
    line_ids = fields.One2many("cs.retailer.no.order.line", "wizard_id", string="Retailers", readonly=True)
    line_count = fields.Integer(string="Retailers Who Did Not Order", readonly=True)
    searched = fields.Boolean(readonly=True)

    @api.model
    def _default_today(self):
        return self.env.company._cs_today(self.env.user)

    def _cs_tz(self):
        return self.tz or self.company_id._cs_reader_tz(self.env.user)

    def _cs_bounds(self):
        """The period as UTC bounds [start, end)."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._(
                    "The period of the non-ordering query ends on %(end)s, before it starts (%(start)s): "
                    "set the To date on or after the From date.",
                    end=self.date_to,
                    start=self.date_from,
                )
            )
        return local_days_utc(self.date_from, self.date_to, self._cs_tz())

    def _cs_filters(self):
        filters = [SQL("TRUE")]
        if self.market_department:
            filters.append(SQL("TRIM(p.cs_market_department) = %s", self.market_department.strip()))
        if self.customer_manager_id:
            filters.append(SQL("p.cs_customer_manager_id = %s", self.customer_manager_id.id))
        if self.order_method:
            filters.append(SQL("p.cs_order_method = %s", self.order_method))
        return SQL(" AND ").join(filters)

    def _cs_search(self):
        """Fill the result lines (one SQL statement) and return their count."""
        self.ensure_one()
        if self.company_id not in self.env.companies:
            raise UserError(
                self.env._(
                    "You may query the retailers of your own companies only, not %(company)s.",
                    company=self.company_id.display_name,
                )
            )
        start, end = self._cs_bounds()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM cs_retailer_no_order_line WHERE wizard_id = %s", self.id))
        # 1. who did not order: a plain SELECT (PostgreSQL may run the anti-join with parallel workers,
        #    which it never does for an INSERT ... SELECT)
        cr.execute(
            SQL(
                """SELECT p.id
                     FROM res_partner p
                    WHERE p.cs_is_retailer AND p.active AND p.cs_retailer_code IS NOT NULL
                      AND (p.company_id = %(company)s OR p.company_id IS NULL)
                      AND %(filters)s
                      AND NOT EXISTS (
                          SELECT 1 FROM sale_order o
                           WHERE o.partner_id = p.id AND o.state = 'sale' AND o.company_id = %(company)s
                             AND o.date_order >= %(start)s AND o.date_order < %(end)s)""",
                company=self.company_id.id,
                start=start,
                end=end,
                filters=self._cs_filters(),
            )
        )
        partner_ids = [partner_id for (partner_id,) in cr.fetchall()]
        # 2. their lines, with the last order before the period (index sale_order (partner_id, date_order))
        cr.execute(
            SQL(
                """INSERT INTO cs_retailer_no_order_line
                          (wizard_id, partner_id, retailer_code, customer_manager_id, visit_phone,
                           market_department, delivery_route, order_method, last_order_date,
                           create_uid, create_date, write_uid, write_date)
                   SELECT %(wizard)s, p.id, p.cs_retailer_code, p.cs_customer_manager_id, p.cs_visit_phone,
                          p.cs_market_department, p.cs_delivery_route, p.cs_order_method,
                          (SELECT MAX(o.date_order) FROM sale_order o
                            WHERE o.partner_id = p.id AND o.state = 'sale' AND o.company_id = %(company)s
                              AND o.date_order < %(start)s),
                          %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                     FROM res_partner p
                    WHERE p.id = ANY(%(partner_ids)s)""",
                wizard=self.id,
                company=self.company_id.id,
                start=start,
                uid=self.env.uid,
                partner_ids=partner_ids,
            )
        )
        count = cr.rowcount
        self.env["cs.retailer.no.order.line"].invalidate_model()
        self.invalidate_recordset(["line_ids"])
        self.write({"line_count": count, "searched": True})
        return count

    def action_search(self):
        """Open the retailers who did not order, full page."""
        self.ensure_one()
        self._cs_search()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Retailers who did not order from %(start)s to %(end)s", start=self.date_from, end=self.date_to
            ),
            "res_model": "cs.retailer.no.order.line",
            "view_mode": "list",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_print(self):
        self.ensure_one()
        self._cs_search()
        return self.env.ref("customer_service_dept.action_report_cs_retailer_no_order").report_action(self)

    def action_print_xlsx(self):
        self.ensure_one()
        self._cs_search()
        return self.env.ref("customer_service_dept.action_report_cs_retailer_no_order_xlsx").report_action(self)

    def _cs_format_datetime(self, value):
        """A UTC datetime as the reader reads it (the query's time zone)."""
        return format_datetime(self.env, value, tz=self._cs_tz(), dt_format="yyyy-MM-dd HH:mm") if value else ""


class CsRetailerNoOrderLine(models.TransientModel):
    """One retailer who did not order in the period of a non-ordering query (未订货客户明细)."""

    _name = "cs.retailer.no.order.line"
    _description = "Retailer Who Did Not Order"
    _order = "market_department, customer_manager_id, retailer_code, id"
    _rec_name = "partner_id"

    wizard_id = fields.Many2one("cs.retailer.no.order", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Retailer", readonly=True)
    retailer_code = fields.Char(readonly=True)
    customer_manager_id = fields.Many2one("res.users", readonly=True)
    visit_phone = fields.Char(string="Visit-sale Phone", readonly=True)
    market_department = fields.Char(readonly=True)
    delivery_route = fields.Char(readonly=True)
    order_method = fields.Selection(ResPartner.cs_order_method.selection, readonly=True)
    last_order_date = fields.Datetime(
        string="Last Order", readonly=True, help="The retailer's last confirmed order before the period."
    )
