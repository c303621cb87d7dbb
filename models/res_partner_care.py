"""Customer care on the customer: classes (seed 004) and churn warnings (seed 002).

Both are computed by daily scheduled actions in set-based SQL (one statement for
all the customers of a company, not a loop); the changes of class and warning are
logged in the customers' chatter as tracking values, set-based too.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists
from odoo.tools.sql import create_column

from .cs_state_mixin import cs_in_transition
from .rules import local_midnight_utc

CUSTOMER_CLASSES = [("key", "Key Customer"), ("general", "General Customer"), ("potential", "Potential Customer")]
CHURN_STATES = [("warning", "Warning Customer"), ("churned", "Stopped Ordering")]
WARNING_VISIT = "customer_service_dept.mail_activity_type_cs_warning_visit"
CHURN_VISIT = "customer_service_dept.mail_activity_type_cs_churn_visit"
# written only by the scheduled actions, in SQL; nobody writes them through the ORM
CARE_COMPUTED_FIELDS = (
    "cs_customer_class",
    "cs_class_amount",
    "cs_churn_state",
    "cs_churn_since",
    "cs_churn_reason",
    "cs_usual_order_interval",
    "cs_usual_order_amount",
    "cs_recent_order_amount",
    "cs_last_order_date",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    cs_customer_class = fields.Selection(
        CUSTOMER_CLASSES,
        string="Customer Class",
        readonly=True,
        tracking=True,
        index="btree_not_null",
        copy=False,
        help="重点客户 / 一般客户 / 潜在客户, by the confirmed sales of the company's class period; "
        "recomputed every night.",
    )
    cs_class_amount = fields.Float(
        string="Sales in Class Period",
        readonly=True,
        copy=False,
        help="Confirmed sales (untaxed, company currency) of the class period at the last computation.",
    )
    # The existing manual mark follows the class whenever the class changes; a Customer Service user may
    # still tick or untick it by hand in between (kept until the class next changes).
    cs_key_customer = fields.Boolean(compute="_compute_cs_key_customer", store=True, readonly=False)
    cs_churn_state = fields.Selection(
        CHURN_STATES,
        string="Churn Warning",
        readonly=True,
        tracking=True,
        index="btree_not_null",
        copy=False,
        help="预警客户: ordering dropped below its usual rhythm or volume. 离网必访: stopped ordering, the "
        "customer manager must visit.",
    )
    cs_churn_since = fields.Date(string="Warning Since", readonly=True, copy=False)
    cs_churn_reason = fields.Char(string="Warning Reason", readonly=True, copy=False)
    cs_usual_order_interval = fields.Float(string="Usual Order Interval (days)", readonly=True, copy=False)
    cs_usual_order_amount = fields.Float(string="Usual Order Amount", readonly=True, copy=False)
    cs_recent_order_amount = fields.Float(string="Recent Order Amount", readonly=True, copy=False)
    cs_last_order_date = fields.Date(string="Last Order", readonly=True, copy=False)

    @api.depends("cs_customer_class")
    def _compute_cs_key_customer(self):
        for partner in self:
            partner.cs_key_customer = partner.cs_customer_class == "key"

    # --- CRUD -----------------------------------------------------------------------------
    def _auto_init(self):
        """Create the stored ``cs_key_customer`` column before Odoo does, so that installing the addon does
        not compute it for every contact and rewrite every ``res_partner`` row (scripts/bench_install.py):
        it starts False (a PostgreSQL fast default, no row written); the key customers, when the class
        column already exists, get True from one UPDATE restricted to them."""
        if not column_exists(self.env.cr, self._table, "cs_key_customer"):
            create_column(self.env.cr, self._table, "cs_key_customer", "boolean")
            self._cs_init_key_customer()
        return super()._auto_init()

    def _cs_init_key_customer(self):
        """Store ``cs_key_customer`` = True, as ``_compute_cs_key_customer`` would, in one SQL UPDATE of the
        key customers (of ``self``, else all). At installation the class column does not exist yet."""
        cr = self.env.cr
        if not column_exists(cr, self._table, "cs_customer_class"):
            return
        ids = SQL("AND id IN %s", tuple(self.ids)) if self else SQL()
        cr.execute(
            SQL(
                "UPDATE %s SET cs_key_customer = TRUE WHERE cs_customer_class = 'key' "
                "AND cs_key_customer IS NOT TRUE %s",
                SQL.identifier(self._table),
                ids,
            )
        )
        self.invalidate_model(["cs_key_customer"])

    @api.model_create_multi
    def create(self, vals_list):
        if not cs_in_transition("res.partner"):
            for vals in vals_list:
                self._cs_check_care_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not cs_in_transition("res.partner"):
            self._cs_check_care_fields(vals)
        return super().write(vals)

    def _cs_check_care_fields(self, vals):
        fields_written = [name for name in CARE_COMPUTED_FIELDS if name in vals]
        if fields_written:
            raise UserError(
                self.env._(
                    "The field %(field)s of a customer is computed every night from its confirmed orders: "
                    "nobody can change it by hand.",
                    field=self._fields[fields_written[0]]._description_string(self.env),
                )
            )

    # --- Customer classes -----------------------------------------------------------------
    @api.model
    def _cron_cs_customer_classes(self):
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            self.with_company(company)._cs_compute_customer_classes(company)

    @api.model
    def _cs_customer_domain_sql(self, company, alias):
        """The company's customers: commercial partners with sales or a customer rank, of this company
        (or shared, counted in the first company)."""
        first_company = self.env["res.company"].sudo().search([], order="id", limit=1)
        shared = SQL("OR %s.company_id IS NULL", SQL.identifier(alias)) if company == first_company else SQL()
        return SQL(
            "%(p)s.id = %(p)s.commercial_partner_id AND %(p)s.active AND (%(p)s.company_id = %(company)s %(shared)s)",
            p=SQL.identifier(alias),
            company=company.id,
            shared=shared,
        )

    @api.model
    def _cs_compute_customer_classes(self, company, today=None):
        """Seed 004: class every customer of ``company`` by its confirmed sales of the period.

        One statement computes and stores the class of every customer (the key mark follows a changed
        class); the changes from one class to another are logged in the customers' chatter as tracking,
        set-based (the ORM would post one message per customer). Returns {new class: number of customers changed}.
        """
        today = today or company._cs_today()
        tz = company.cs_tz
        start = local_midnight_utc(today - relativedelta(months=company.cs_class_months) + timedelta(days=1), tz)
        end = local_midnight_utc(today + timedelta(days=1), tz)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH amounts AS (
                    SELECT p.commercial_partner_id AS partner_id,
                           SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                       AND so.date_order >= %(start)s AND so.date_order < %(end)s
                     GROUP BY p.commercial_partner_id
                ), classes AS (
                    SELECT c.id, c.cs_customer_class AS old_class, c.cs_class_amount AS old_amount,
                           COALESCE(c.cs_key_customer, false) AS old_key,
                           ROUND(COALESCE(a.amount, 0)::numeric, 2)::float AS amount,
                           CASE WHEN COALESCE(a.amount, 0) >= %(key)s THEN 'key'
                                WHEN COALESCE(a.amount, 0) >= %(general)s AND COALESCE(a.amount, 0) > 0
                                THEN 'general'
                                ELSE 'potential' END AS new_class
                      FROM res_partner c
                      LEFT JOIN amounts a ON a.partner_id = c.id
                     WHERE %(customers)s
                       AND (c.customer_rank > 0 OR a.partner_id IS NOT NULL OR c.cs_customer_class IS NOT NULL)
                )
                UPDATE res_partner p
                   SET cs_class_amount = c.amount,
                       cs_customer_class = c.new_class,
                       cs_key_customer = CASE WHEN c.new_class IS DISTINCT FROM c.old_class
                                              THEN c.new_class = 'key' ELSE c.old_key END
                  FROM classes c
                 WHERE p.id = c.id
                   AND (c.new_class IS DISTINCT FROM c.old_class OR c.old_amount IS DISTINCT FROM c.amount)
             RETURNING p.id, c.old_class, c.new_class, c.old_key, p.cs_key_customer
                """,
                company=company.id,
                start=start,
                end=end,
                key=company.cs_class_key_amount,
                general=company.cs_class_general_amount,
                customers=self._cs_customer_domain_sql(company, "c"),
            )
        )
        rows = self.env.cr.fetchall()
        self.invalidate_model(["cs_class_amount", "cs_customer_class", "cs_key_customer"])
        changes, counts = [], {}
        for partner_id, old_class, new_class, old_key, new_key in rows:
            if old_class == new_class:
                continue
            counts[new_class] = counts.get(new_class, 0) + 1
            if not old_class:
                continue  # a customer's first class is no change: not logged (the first night would log them all)
            changes.append((partner_id, "cs_customer_class", old_class, new_class))
            if old_key != new_key:
                changes.append((partner_id, "cs_key_customer", old_key, new_key))
        self._cs_log_tracking(changes)
        return counts

    @api.model
    def _cs_log_tracking(self, changes):
        """Log field changes written in SQL as the chatter's tracking: one note per customer with its
        tracking values, as ``mail.thread`` would, in three statements whatever the number.

        ``changes``: [(partner id, field name, old value, new value)] of selection or boolean fields.
        """
        if not changes:
            return
        cr = self.env.cr
        partner_ids = sorted({change[0] for change in changes})
        cr.execute(
            SQL(
                """
                INSERT INTO mail_message (model, res_id, message_type, subtype_id, body, author_id, is_internal,
                                          email_add_signature, date, create_uid, write_uid, create_date, write_date)
                SELECT 'res.partner', v.id, 'notification', %(subtype)s, '', %(author)s, true, false,
                       now() AT TIME ZONE 'UTC', %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM unnest(%(ids)s::int[]) AS v(id)
             RETURNING res_id, id
                """,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.user.partner_id.id,
                uid=self.env.uid,
                ids=partner_ids,
            )
        )
        messages = dict(cr.fetchall())
        Fields = self.env["ir.model.fields"]
        rows = []
        for partner_id, fname, old, new in changes:
            field = self._fields[fname]
            field_id = Fields._get(self._name, fname).id
            if field.type == "boolean":
                rows.append((field_id, messages[partner_id], None, None, int(bool(old)), int(bool(new))))
            else:
                labels = dict(field._description_selection(self.env))
                rows.append(
                    (field_id, messages[partner_id], labels.get(old, old or ""), labels.get(new, new or ""), None, None)
                )
        columns = list(zip(*rows, strict=True))
        cr.execute(
            SQL(
                """
                INSERT INTO mail_tracking_value (field_id, mail_message_id, old_value_char, new_value_char,
                                                 old_value_integer, new_value_integer,
                                                 create_uid, write_uid, create_date, write_date)
                SELECT v.field_id, v.message_id, v.old_char, v.new_char, v.old_int, v.new_int,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM unnest(%(field_ids)s::int[], %(message_ids)s::int[], %(old_chars)s::varchar[],
                              %(new_chars)s::varchar[], %(old_ints)s::int[], %(new_ints)s::int[])
                       AS v(field_id, message_id, old_char, new_char, old_int, new_int)
                """,
                uid=self.env.uid,
                field_ids=list(columns[0]),
                message_ids=list(columns[1]),
                old_chars=list(columns[2]),
                new_chars=list(columns[3]),
                old_ints=list(columns[4]),
                new_ints=list(columns[5]),
            )
        )
        self.env["mail.message"].invalidate_model()
        self.invalidate_model(["message_ids"])

    # --- Churn warnings -------------------------------------------------------------------
    @api.model
    def _cron_cs_churn_warnings(self):
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            self.with_company(company)._cs_compute_churn_warnings(company)

    @api.model
    def _cs_churn_figures_sql(self, company, today):
        """One query: each customer's usual rhythm and volume from its confirmed orders, and its verdict.

        Orders are counted by local order day (two orders of a day are one). Over the last ``N`` order
        days (``cs_churn_history_orders``): the usual interval is the median of the ``N`` intervals before
        them, the usual amount the average per order day of those before the ``R`` most recent
        (``cs_churn_recent_orders``), the recent amount the average of the ``R`` most recent.
        """
        tz = company.cs_tz
        end = local_midnight_utc(today + timedelta(days=1), tz)
        history = company.cs_churn_history_orders
        recent = company.cs_churn_recent_orders
        return SQL(
            """
            WITH days AS (
                SELECT p.commercial_partner_id AS partner_id,
                       (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s AND so.date_order < %(end)s
                 GROUP BY 1, 2
            ), ranked AS (
                SELECT partner_id, day, amount,
                       row_number() OVER w AS rn,
                       day - lead(day) OVER w AS gap
                  FROM days
                WINDOW w AS (PARTITION BY partner_id ORDER BY day DESC)
            ), stats AS (
                SELECT partner_id,
                       max(day) AS last_day,
                       count(*) AS orders,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)
                           FILTER (WHERE rn <= %(history)s AND gap IS NOT NULL) AS usual_interval,
                       avg(amount) FILTER (WHERE rn > %(recent)s) AS usual_amount,
                       avg(amount) FILTER (WHERE rn <= %(recent)s) AS recent_amount
                  FROM ranked
                 WHERE rn <= %(history)s + %(recent)s
                 GROUP BY partner_id
            ), verdicts AS (
                SELECT c.id, c.cs_churn_state AS old_state, c.cs_churn_reason AS old_reason,
                       c.cs_last_order_date AS old_last_day, c.cs_usual_order_interval AS old_interval,
                       c.cs_churn_since AS old_since,
                       c.cs_usual_order_amount AS old_usual, c.cs_recent_order_amount AS old_recent,
                       s.last_day, %(today)s::date - s.last_day AS days_since,
                       ROUND(s.usual_interval::numeric, 1)::float AS usual_interval,
                       ROUND(s.usual_amount::numeric, 2)::float AS usual_amount,
                       ROUND(s.recent_amount::numeric, 2)::float AS recent_amount,
                       s.orders,
                       (%(today)s::date - s.last_day >= %(stop_days)s) AS stopped,
                       (s.orders >= %(min_orders)s AND s.usual_interval > 0
                        AND %(today)s::date - s.last_day > s.usual_interval * %(factor)s) AS slow,
                       (s.orders >= %(min_orders)s AND s.usual_amount > 0
                        AND s.recent_amount < s.usual_amount * %(percent)s / 100.0) AS low
                  FROM res_partner c
                  LEFT JOIN stats s ON s.partner_id = c.id
                 WHERE %(customers)s AND (s.partner_id IS NOT NULL OR c.cs_churn_state IS NOT NULL
                                          OR c.cs_last_order_date IS NOT NULL)
            )
            SELECT id, old_state,
                   CASE WHEN stopped THEN 'churned' WHEN slow OR low THEN 'warning' END AS new_state,
                   last_day, days_since, usual_interval, usual_amount, recent_amount, slow, low, old_reason,
                   (last_day IS DISTINCT FROM old_last_day OR usual_interval IS DISTINCT FROM old_interval
                    OR usual_amount IS DISTINCT FROM old_usual
                    OR recent_amount IS DISTINCT FROM old_recent) AS figures_changed,
                   old_since
              FROM verdicts
             WHERE stopped OR slow OR low OR old_state IS NOT NULL
                OR last_day IS DISTINCT FROM old_last_day OR usual_interval IS DISTINCT FROM old_interval
                OR usual_amount IS DISTINCT FROM old_usual OR recent_amount IS DISTINCT FROM old_recent
            """,
            tz=tz,
            company=company.id,
            end=end,
            today=today,
            history=history,
            recent=recent,
            stop_days=company.cs_churn_stop_days,
            min_orders=company.cs_churn_min_orders,
            factor=company.cs_churn_interval_factor,
            percent=company.cs_churn_volume_percent,
            customers=self._cs_customer_domain_sql(company, "c"),
        )

    def _cs_churn_reason_text(self, company, state, row):
        """Seed 002 预警客户: the reasoning shown on the customer, in the company's language."""
        days_since, interval, usual, recent, slow, low = row[4:10]
        env = self.env
        if state == "churned":
            return env._(
                "No order for %(days)s days (stopped ordering after %(limit)s days)",
                days=days_since,
                limit=company.cs_churn_stop_days,
            )
        reasons = []
        if slow:
            reasons.append(
                env._(
                    "usual interval %(interval)s days, last order %(days)s days ago",
                    interval=f"{interval:g}",
                    days=days_since,
                )
            )
        if low:
            reasons.append(
                env._(
                    "usual order amount %(usual)s, last %(count)s orders %(recent)s on average",
                    usual=f"{usual:,.2f}",
                    count=company.cs_churn_recent_orders,
                    recent=f"{recent:,.2f}",
                )
            )
        return env._("; ").join(reasons)

    @api.model
    def _cs_compute_churn_warnings(self, company, today=None):
        """Seed 002 离网关怀: find the warning customers (预警客户) and those that stopped ordering (离网必访).

        One query computes every customer's figures and verdict; one statement stores the figures,
        verdicts and reasons of the customers where something changed; the verdict changes are logged as
        tracking (set-based), and each customer entering a warning or stopping gets one mandatory visit
        activity for its customer manager (once per episode: not again while it stays on the list).
        Returns {state: number of customers entering it}.
        """
        today = today or company._cs_today()
        self.env.flush_all()
        self.env.cr.execute(self._cs_churn_figures_sql(company, today))
        rows = self.env.cr.fetchall()
        lang_env = self.with_context(lang=company.partner_id.lang or self.env.lang)
        updates, changes, entered = [], [], {}
        for row in rows:
            partner_id, old_state, new_state = row[0], row[1], row[2]
            reason = lang_env._cs_churn_reason_text(company, new_state, row) if new_state else None
            if new_state == old_state and not row[11] and reason == row[10]:
                continue
            since = row[12] if new_state and old_state else (today if new_state else None)
            updates.append((partner_id, row[3], row[5], row[6], row[7], reason, new_state, since))
            if new_state != old_state:
                changes.append((partner_id, "cs_churn_state", old_state, new_state))
                if new_state == "churned" or (new_state == "warning" and not old_state):
                    entered.setdefault(new_state, []).append(partner_id)
        if updates:
            columns = list(zip(*updates, strict=True))
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET cs_last_order_date = v.last_day, cs_usual_order_interval = v.usual_interval,
                           cs_usual_order_amount = v.usual_amount, cs_recent_order_amount = v.recent_amount,
                           cs_churn_reason = v.reason, cs_churn_state = v.state, cs_churn_since = v.since
                      FROM unnest(%(ids)s::int[], %(days)s::date[], %(intervals)s::float[], %(usuals)s::float[],
                                  %(recents)s::float[], %(reasons)s::varchar[], %(states)s::varchar[],
                                  %(sinces)s::date[])
                           AS v(id, last_day, usual_interval, usual_amount, recent_amount, reason, state, since)
                     WHERE p.id = v.id
                    """,
                    ids=list(columns[0]),
                    days=list(columns[1]),
                    intervals=list(columns[2]),
                    usuals=list(columns[3]),
                    recents=list(columns[4]),
                    reasons=list(columns[5]),
                    states=list(columns[6]),
                    sinces=list(columns[7]),
                )
            )
            self.invalidate_model(list(CARE_COMPUTED_FIELDS))
        self._cs_log_tracking(changes)
        for state, partner_ids in entered.items():
            self.sudo().browse(partner_ids)._cs_plan_churn_visits(state, today)
        return {state: len(ids) for state, ids in entered.items()}

    def _cs_plan_churn_visits(self, state, today):
        """One mandatory visit activity per customer for its customer manager (else its specialist)."""
        activity_type = self.env.ref(CHURN_VISIT if state == "churned" else WARNING_VISIT)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner in self:
            user = partner.cs_customer_manager_id or partner.cs_specialist_id
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": activity_type.with_context(lang=user.lang).summary or activity_type.name,
                    "note": partner.cs_churn_reason,
                    "date_deadline": today + timedelta(days=activity_type.delay_count or 0),
                }
            )
        if vals_list:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
