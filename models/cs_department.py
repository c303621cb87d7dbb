from datetime import date
from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.queue_job.job import identity_exact
from odoo.exceptions import ValidationError

from .rules import is_valid_department_code
from .rules import month_range


class CsDepartment(models.Model):
    _name = "cs.department"
    _description = "Job Department"
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Shown in every job number of the department, e.g. CR in 202603-CR-07.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    manager_ids = fields.Many2many(
        "res.users",
        "cs_department_manager_rel",
        "department_id",
        "user_id",
        string="Managers",
        domain=[("share", "=", False)],
        help="Only these users approve the department's job tickets (营业主管签章).",
    )
    member_ids = fields.Many2many("res.users", "cs_department_member_rel", "department_id", "user_id", string="Members")
    job_sequence_id = fields.Many2one("ir.sequence", readonly=True, copy=False)
    is_creative = fields.Boolean(
        string="Creative Department",
        help="Creative work needs a strategy: its job tickets are submitted with the concept worksheet "
        "(product, audience, key message, or the worksheet attached).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    hourly_cost = fields.Monetary(
        string="Hourly Cost Rate",
        help="Internal cost of one hour of job time of the department, for people without a rate of their own.",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "Each department code must be unique within a company."
    )

    @api.constrains("code")
    def _check_code(self):
        for department in self:
            if not is_valid_department_code(department.code):
                raise ValidationError(
                    self.env._(
                        "The code %(code)s of department %(department)s is not valid: use 1 to 6 "
                        "capital letters or digits, e.g. CR.",
                        code=department.code,
                        department=department.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        departments = super().create(vals_list)
        departments._job_sequence()
        return departments

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)

    def _job_sequence(self):
        """One standard ir.sequence per department, with monthly ranges."""
        for department in self.sudo().filtered(lambda d: not d.job_sequence_id):
            department.job_sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Job numbers of %(department)s", department=department.name),
                        "code": "customer_service_dept.job_number",
                        "company_id": department.company_id.id,
                        "implementation": "standard",
                        "use_date_range": True,
                        "padding": 2,
                    }
                )
            )
        return self.sudo().job_sequence_id

    def _draw_job_serial(self, day):
        """Next serial of the department for the month of ``day``."""
        self.ensure_one()
        return self._job_sequence()._cs_draw(*month_range(day))[0]

    @api.model
    def _cron_prepare_number_ranges(self):
        """Daily: one queued job per company preparing its number ranges (the job does the work).

        Complaint-reference sequences shared by every company are prepared by the job of the
        cron's own company. A second run before the jobs ran enqueues nothing twice (same identity).
        """
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            self.with_company(company).with_delay(
                description=self.env._("Prepare the number ranges of %(company)s", company=company.name),
                identity_key=identity_exact,
            )._cs_prepare_number_ranges(company, shared=company == self.env.company)

    @api.model
    def _cs_prepare_number_ranges(self, company, shared=False):
        """Create the company's coming month's job ranges and next year's client-code
        ranges ahead, and the complaint-reference ranges, so that two first
        drawings of a period rarely race to create the same range (job numbers
        and client codes survive the race anyway, see ``ir.sequence._cs_date_range``).

        "This month" is the company's (its time zone: in Beijing April starts
        at 16:00 UTC on 31 March). Idempotent: an existing range is reused,
        so a second run creates nothing. ``shared``: also the complaint-reference
        sequences of no company, in ``company``'s time zone.
        """
        today = company._cs_today()
        next_month = month_range(month_range(today)[1] + timedelta(days=1))
        for department in self.search([("company_id", "=", company.id)]):
            sequence = department._job_sequence()
            for period in (month_range(today), next_month):
                sequence._cs_date_range(*period)
        companies = [company.id, False] if shared else [company.id]
        complaint_sequences = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "cs.complaint"), ("use_date_range", "=", True), ("company_id", "in", companies)])
        )
        for sequence in company._cs_client_code_sequence() | complaint_sequences:
            for year in (today.year, today.year + 1):
                sequence._cs_date_range(date(year, 1, 1), date(year, 12, 31))
        return self.env._("Number ranges of %(company)s ready.", company=company.name)
