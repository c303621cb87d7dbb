from datetime import date

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.rules import local_month_utc
from ..models.rules import rate

COLUMNS = [
    ("total", "Complaints Received"),
    ("valid", "Valid"),
    ("not_valid", "Not Valid"),
    ("closed", "Closed"),
    ("reply_met", "Replied on Time"),
    ("reply_late", "Reply Late"),
    ("solution_met", "Solved on Time"),
    ("solution_late", "Solution Late"),
    ("satisfied", "Satisfied"),
]


class CsComplaintStatsWizard(models.TransientModel):
    _name = "cs.complaint.stats.wizard"
    _description = "Monthly Complaint Classification Statistics"

    def _default_year(self):
        return self.env.company._cs_today(self.env.user).year

    def _default_month(self):
        return str(self.env.company._cs_today(self.env.user).month)

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: self._default_year())
    month = fields.Selection(
        [(str(m), str(m)) for m in range(1, 13)], required=True, default=lambda self: self._default_month()
    )

    @api.depends("year", "month")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = f"{wizard.year}-{int(wizard.month or 1):02d}"

    def _cs_period(self):
        """The month as naive UTC bounds [start, end): the month of the reader's time zone (else the company's)."""
        self.ensure_one()
        return local_month_utc(date(self.year, int(self.month), 1), self.company_id._cs_reader_tz(self.env.user))

    def _cs_statistics(self):
        """Rows (one per category, uncategorised last) and the total row of the month.

        One grouped query over the complaints of the month; late means done
        after the deadline, or still not done with the deadline passed.
        """
        self.ensure_one()
        date_from, date_to = self._cs_period()
        now = fields.Datetime.now()
        self.env["cs.complaint"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT category_id,
                       count(*),
                       count(*) FILTER (WHERE validity = 'valid'),
                       count(*) FILTER (WHERE validity = 'not_valid'),
                       count(*) FILTER (WHERE stage_kind = 'closed'),
                       count(*) FILTER (WHERE reply_date IS NOT NULL AND reply_date <= reply_due),
                       count(*) FILTER (WHERE reply_date > reply_due
                                        OR (reply_date IS NULL AND reply_due < %(now)s)),
                       count(*) FILTER (WHERE solution_date IS NOT NULL AND solution_date <= solution_due),
                       count(*) FILTER (WHERE validity IS DISTINCT FROM 'not_valid'
                                        AND (solution_date > solution_due
                                        OR (solution_date IS NULL AND solution_due < %(now)s))),
                       count(*) FILTER (WHERE callback_result = 'satisfied')
                  FROM cs_complaint
                 WHERE company_id = %(company)s AND received_date >= %(from)s AND received_date < %(to)s
              GROUP BY category_id
                """,
                now=now,
                company=self.company_id.id,
                **{"from": date_from, "to": date_to},
            )
        )
        by_category = {row[0]: dict(zip([c for c, _l in COLUMNS], row[1:], strict=True)) for row in rows}
        categories = (
            self.env["cs.complaint.category"]
            .with_context(active_test=False)
            .search([("id", "in", [c for c in by_category if c])])
        )
        categories |= self.env["cs.complaint.category"].search([("company_id", "in", [self.company_id.id, False])])
        empty = dict.fromkeys((c for c, _l in COLUMNS), 0)
        result = [
            {"name": category.name, "code": category.code or "", **by_category.get(category.id, empty)}
            for category in categories.sorted(lambda c: (c.sequence, c.id))
        ]
        if None in by_category:
            result.append({"name": self.env._("Uncategorised"), "code": "", **by_category[None]})
        total = {"name": self.env._("Total"), "code": ""}
        for column, _label in COLUMNS:
            total[column] = sum(row[column] for row in result)
        for row in [*result, total]:
            row["share"] = rate(row["total"], total["total"])
            row["reply_rate"] = rate(row["reply_met"], row["reply_met"] + row["reply_late"])
        return result, total

    def _cs_improvements(self):
        """Seed 000 投诉处理流程: 「由客服主管填写《顾客投诉分类统计表》…提出改进对策」 and 「对直接责任者和部门主管
        要按照有关规定进行处罚」: the month's complaints with improvement measures or accountability, by category.

        A list of ``{"name": category, "lines": [{"complaint", "customer", "measures", "accountability"}]}``,
        categories in their order, uncategorised last.
        """
        self.ensure_one()
        date_from, date_to = self._cs_period()
        complaints = self.env["cs.complaint"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("received_date", ">=", date_from),
                ("received_date", "<", date_to),
                "|",
                ("improvement_measures", "!=", False),
                ("accountability", "!=", False),
            ],
            order="received_date, id",
        )
        sections = []
        for category in complaints.category_id.sorted(lambda c: (c.sequence, c.id)):
            sections.append((category.name, complaints.filtered(lambda c, cat=category: c.category_id == cat)))
        if uncategorised := complaints.filtered(lambda c: not c.category_id):
            sections.append((self.env._("Uncategorised"), uncategorised))
        return [
            {
                "name": name,
                "lines": [
                    {
                        "complaint": complaint.name,
                        "customer": complaint.partner_id.name or "",
                        "measures": complaint.improvement_measures or "",
                        "accountability": complaint.accountability or "",
                    }
                    for complaint in records
                ],
            }
            for name, records in sections
        ]

    def _cs_columns(self):
        labels = {
            "total": self.env._("Complaints Received"),
            "valid": self.env._("Valid"),
            "not_valid": self.env._("Not Valid"),
            "closed": self.env._("Closed"),
            "reply_met": self.env._("Replied on Time"),
            "reply_late": self.env._("Reply Late"),
            "solution_met": self.env._("Solved on Time"),
            "solution_late": self.env._("Solution Late"),
            "satisfied": self.env._("Satisfied"),
        }
        return [(column, labels[column]) for column, _label in COLUMNS]

    def action_print(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.cs_complaint_stats_report_action").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.cs_complaint_stats_report_action_xlsx").report_action(
            self, config=False
        )
