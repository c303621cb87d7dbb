"""Customer satisfaction analysis: callback results and ratings, one row per answer of a customer.

Seed 004 客户回访: 「回访内容主要包括客户对产品质量、服务水平、使用效果的满意度」;
seed 004 投诉处理与反馈: 「如客户对处理结果不满意…直至客户满意为止」. The satisfaction rate
of a group (category, specialist, month) is the share of its answers that are "satisfied":
satisfied / (satisfied + average + not satisfied), in per cent (the pivot's average of ``satisfaction_rate``).

Answers counted:
- the callback result of a complaint (its callback date);
- a service callback not about a complaint (a complaint's callbacks reach it through its result);
- a customer's rating of a closed complaint or service request (rating.mixin), dated when the case closed
  (the month whose handling it rates): 5 satisfied, 3 average, 1 not satisfied (``satisfaction_of_rating``).
"""

from odoo import fields
from odoo import models
from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK
from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED
from odoo.tools import SQL

from ..models.cs_callback import CALLBACK_RESULTS

CASE_TYPES = [
    ("complaint", "Complaint"),
    ("inquiry", "Inquiry"),
    ("request", "Request"),
    ("callback", "Service Callback"),
]
SOURCES = [("callback", "Callback"), ("rating", "Customer Rating")]


class CsSatisfactionReport(models.Model):
    _name = "cs.satisfaction.report"
    _description = "Customer Satisfaction Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "date"
    # flushed before the view is read (and invalidated after writes)
    _depends = {
        "cs.complaint": [
            "company_id",
            "partner_id",
            "category_id",
            "user_id",
            "callback_result",
            "callback_date",
            "close_date",
        ],
        "cs.callback": ["company_id", "partner_id", "user_id", "state", "result", "done_date", "complaint_id"],
        "cs.service.request": ["company_id", "partner_id", "request_type", "user_id", "close_date"],
        "rating.rating": ["res_model", "res_id", "rating", "consumed"],
    }

    source = fields.Selection(SOURCES, readonly=True)
    case_type = fields.Selection(CASE_TYPES, string="Case", readonly=True)
    complaint_id = fields.Many2one("cs.complaint", readonly=True)
    service_request_id = fields.Many2one("cs.service.request", readonly=True)
    callback_id = fields.Many2one("cs.callback", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("cs.complaint.category", string="Complaint Category", readonly=True)
    user_id = fields.Many2one("res.users", string="Specialist", readonly=True)
    date = fields.Datetime(readonly=True, help="When the customer was called back, or when the rated case was closed.")
    result = fields.Selection(CALLBACK_RESULTS, string="Satisfaction", readonly=True)
    nbr = fields.Integer(string="# Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="# Satisfied", readonly=True, aggregator="sum")
    satisfaction_rate = fields.Float(
        string="Satisfaction Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the answers that are satisfied: satisfied / all answers, in per cent.",
    )

    @property
    def _table_query(self):
        rating_result = SQL(
            "CASE WHEN r.rating >= %(sat)s THEN 'satisfied' WHEN r.rating >= %(ok)s THEN 'average' "
            "ELSE 'not_satisfied' END",
            sat=RATING_LIMIT_SATISFIED,
            ok=RATING_LIMIT_OK,
        )
        return SQL(
            """
            SELECT a.*,
                   1 AS nbr,
                   CASE WHEN a.result = 'satisfied' THEN 1 ELSE 0 END AS satisfied_count,
                   CASE WHEN a.result = 'satisfied' THEN 100.0 ELSE 0.0 END AS satisfaction_rate
              FROM (
                SELECT c.id * 4 AS id, 'callback' AS source, 'complaint' AS case_type,
                       c.id AS complaint_id, NULL::integer AS service_request_id, NULL::integer AS callback_id,
                       c.company_id, c.partner_id, c.category_id, c.user_id,
                       COALESCE(c.callback_date, c.close_date, c.write_date) AS date,
                       c.callback_result AS result
                  FROM cs_complaint c
                 WHERE c.callback_result IS NOT NULL
                UNION ALL
                -- a callback date is a day of the company: noon UTC keeps it on that day in every
                -- time zone from UTC-11 to UTC+11 when the pivot groups it by the reader's month
                SELECT cb.id * 4 + 1, 'callback', 'callback',
                       NULL, NULL, cb.id,
                       cb.company_id, cb.partner_id, NULL, cb.user_id,
                       cb.done_date + INTERVAL '12 hours',
                       cb.result
                  FROM cs_callback cb
                 WHERE cb.state = 'done' AND cb.result IS NOT NULL AND cb.complaint_id IS NULL
                UNION ALL
                SELECT r.id * 4 + 2, 'rating', 'complaint',
                       c.id, NULL, NULL,
                       c.company_id, c.partner_id, c.category_id, c.user_id,
                       COALESCE(c.close_date, r.write_date),
                       %(rating_result)s
                  FROM rating_rating r
                  JOIN cs_complaint c ON r.res_model = 'cs.complaint' AND r.res_id = c.id
                 WHERE r.consumed AND r.rating > 0
                UNION ALL
                SELECT r.id * 4 + 3, 'rating', s.request_type,
                       NULL, s.id, NULL,
                       s.company_id, s.partner_id, NULL, s.user_id,
                       COALESCE(s.close_date, r.write_date),
                       %(rating_result)s
                  FROM rating_rating r
                  JOIN cs_service_request s ON r.res_model = 'cs.service.request' AND r.res_id = s.id
                 WHERE r.consumed AND r.rating > 0
              ) a
            """,
            rating_result=rating_result,
        )
