from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.rules import DEFAULT_TZ


class CsJobClientStats(models.Model):
    """客户实绩统计表: per client and month, jobs, hours, cost, budget and on-time delivery.

    A month is the company's (its time zone): a job counts in the month it was issued (submitted,
    开单), its hours and cost in the month they were logged, its delivery in the month it was done
    (on time when done on or before its due date, local day).
    """

    _name = "cs.job.client.stats"
    _description = "Client Performance Statistics"
    _auto = False
    _order = "month desc, partner_id"
    _depends = {
        "cs.job.ticket": ["partner_id", "company_id", "state", "date_submitted", "date_done", "date_due", "budget"],
        "cs.job.time": ["partner_id", "company_id", "date", "hours", "cost"],
        "res.company": ["cs_tz", "currency_id"],
    }

    month = fields.Date(readonly=True, help="First day of the month.")
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    client_code = fields.Char(related="partner_id.client_code")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    job_count = fields.Integer(string="Jobs", readonly=True, help="Job tickets issued in the month.")
    hours = fields.Float(readonly=True, help="Hours logged in the month.")
    cost = fields.Monetary(readonly=True, help="Cost of the hours logged in the month.")
    budget = fields.Monetary(readonly=True, help="Budget of the jobs issued in the month.")
    done_count = fields.Integer(string="Jobs Delivered", readonly=True)
    on_time_count = fields.Integer(string="Delivered on Time", readonly=True)
    on_time_rate = fields.Float(
        string="On-time Delivery Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Jobs delivered on or before their due date / jobs delivered, in %; in a total, over all "
        "its jobs (not an average of rates).",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH company_tz AS (
                SELECT id AS company_id, COALESCE(cs_tz, %(tz)s) AS tz, currency_id FROM res_company
            ), facts AS (
                SELECT t.company_id, t.partner_id,
                       date_trunc('month', t.date_submitted AT TIME ZONE 'UTC' AT TIME ZONE c.tz)::date AS month,
                       1 AS job_count, COALESCE(t.budget, 0) AS budget, 0.0 AS hours, 0.0 AS cost,
                       0 AS done_count, 0 AS on_time_count
                  FROM cs_job_ticket t
                  JOIN company_tz c ON c.company_id = t.company_id
                 WHERE t.date_submitted IS NOT NULL AND t.state != 'cancel'
                UNION ALL
                SELECT l.company_id, l.partner_id, date_trunc('month', l.date)::date,
                       0, 0, l.hours, COALESCE(l.cost, 0), 0, 0
                  FROM cs_job_time l
                  JOIN cs_job_ticket t ON t.id = l.ticket_id
                 WHERE t.state != 'cancel'
                UNION ALL
                SELECT t.company_id, t.partner_id,
                       date_trunc('month', t.date_done AT TIME ZONE 'UTC' AT TIME ZONE c.tz)::date,
                       0, 0, 0.0, 0.0, 1,
                       CASE WHEN t.date_due IS NOT NULL
                             AND (t.date_done AT TIME ZONE 'UTC' AT TIME ZONE c.tz)::date <= t.date_due
                            THEN 1 ELSE 0 END
                  FROM cs_job_ticket t
                  JOIN company_tz c ON c.company_id = t.company_id
                 WHERE t.date_done IS NOT NULL AND t.state IN ('done', 'closed')
            )
            SELECT ((to_char(f.month, 'YYYYMM')::bigint * 10000 + f.company_id) * 10000000 + f.partner_id) AS id,
                   f.month, f.partner_id, f.company_id, c.currency_id,
                   SUM(f.job_count) AS job_count,
                   SUM(f.hours) AS hours,
                   SUM(f.cost) AS cost,
                   SUM(f.budget) AS budget,
                   SUM(f.done_count) AS done_count,
                   SUM(f.on_time_count) AS on_time_count,
                   CASE WHEN SUM(f.done_count) > 0
                        THEN ROUND(100.0 * SUM(f.on_time_count) / SUM(f.done_count), 1) END AS on_time_rate
              FROM facts f
              JOIN company_tz c ON c.company_id = f.company_id
             GROUP BY f.month, f.partner_id, f.company_id, c.currency_id
            """,
            tz=DEFAULT_TZ,
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """A total's on-time rate is its jobs delivered on time over its jobs delivered."""
        if aggregate_spec == "on_time_rate:avg":
            on_time = self._field_to_sql(self._table, "on_time_count", query)
            done = self._field_to_sql(self._table, "done_count", query)
            return SQL("ROUND(100.0 * SUM(%s) / NULLIF(SUM(%s), 0), 1)", on_time, done)
        return super()._read_group_select(aggregate_spec, query)

    def _cs_totals(self):
        """Totals of these rows for the PDF and the spreadsheet (the on-time rate over all their jobs)."""
        done = sum(self.mapped("done_count"))
        on_time = sum(self.mapped("on_time_count"))
        return {
            "job_count": sum(self.mapped("job_count")),
            "hours": sum(self.mapped("hours")),
            "cost": sum(self.mapped("cost")),
            "budget": sum(self.mapped("budget")),
            "done_count": done,
            "on_time_count": on_time,
            "on_time_rate": round(100.0 * on_time / done, 1) if done else False,
        }

    def _cs_by_month(self):
        """[(month, rows in client order), ...], months in order."""
        months = sorted(set(self.mapped("month")))
        return [
            (month, self.filtered(lambda r, m=month: r.month == m).sorted(lambda r: r.partner_id.name or ""))
            for month in months
        ]
