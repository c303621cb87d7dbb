from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.cs_complaint import CHANNELS
from ..models.cs_complaint import NOT_VALID_MEASURED
from ..models.cs_complaint import SLA_STATES
from ..models.cs_complaint_stage import STAGE_KINDS


class CsComplaintReport(models.Model):
    _name = "cs.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "received_date desc"
    _rec_name = "name"

    complaint_id = fields.Many2one("cs.complaint", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("cs.complaint.category", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    severity = fields.Selection(
        [("low", "Low"), ("normal", "Normal"), ("high", "High"), ("critical", "Critical")], readonly=True
    )
    responsible_department = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Specialist", readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True)
    stage_id = fields.Many2one("cs.complaint.stage", readonly=True)
    stage_kind = fields.Selection(STAGE_KINDS, string="Step", readonly=True)
    validity = fields.Selection([("valid", "Valid"), ("not_valid", "Not Valid")], readonly=True)
    callback_result = fields.Selection(
        [("satisfied", "Satisfied"), ("average", "Average"), ("not_satisfied", "Not Satisfied")],
        readonly=True,
    )
    received_date = fields.Datetime(string="Received", readonly=True)
    reply_sla_state = fields.Selection(SLA_STATES, string="Reply SLA", readonly=True)
    solution_sla_state = fields.Selection(SLA_STATES, string="Solution SLA", readonly=True)
    callback_sla_state = fields.Selection(SLA_STATES, string="Callback SLA", readonly=True)
    sla_state = fields.Selection(SLA_STATES, string="SLA", readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    reply_hours = fields.Float(string="Hours to Reply", readonly=True, aggregator="avg")
    solution_hours = fields.Float(string="Hours to Solution", readonly=True, aggregator="avg")

    @staticmethod
    def _sla_case(prefix):
        # a complaint judged not valid is measured on its reply only (cs.complaint NOT_VALID_MEASURED)
        not_applicable = "" if prefix in NOT_VALID_MEASURED else "WHEN c.validity = 'not_valid' THEN 'na'"
        return SQL(
            """CASE {na}
                    WHEN c.{p}_date IS NOT NULL AND c.{p}_due IS NOT NULL
                         AND c.{p}_date > c.{p}_due THEN 'late'
                    WHEN c.{p}_date IS NOT NULL THEN 'met'
                    WHEN c.{p}_due < (now() AT TIME ZONE 'UTC') THEN 'late'
                    ELSE 'running' END""".replace("{na}", not_applicable).replace("{p}", prefix)
        )

    @property
    def _table_query(self):
        reply, solution, callback = (self._sla_case(p) for p in ("reply", "solution", "callback"))
        return SQL(
            """
            SELECT c.id, c.id AS complaint_id, c.name, c.company_id, c.partner_id, c.category_id,
                   c.channel, c.severity, c.responsible_department, c.user_id, c.team_id, c.stage_id,
                   c.stage_kind, c.validity, c.callback_result, c.received_date,
                   %(reply)s AS reply_sla_state,
                   %(solution)s AS solution_sla_state,
                   %(callback)s AS callback_sla_state,
                   CASE WHEN 'late' IN (%(reply)s, %(solution)s, %(callback)s) THEN 'late'
                        WHEN 'running' IN (%(reply)s, %(solution)s, %(callback)s) THEN 'running'
                        ELSE 'met' END AS sla_state,
                   1 AS nbr,
                   EXTRACT(EPOCH FROM c.reply_date - c.received_date) / 3600.0 AS reply_hours,
                   EXTRACT(EPOCH FROM c.solution_date - c.received_date) / 3600.0 AS solution_hours
              FROM cs_complaint c
            """,
            reply=reply,
            solution=solution,
            callback=callback,
        )
