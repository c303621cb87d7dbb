from odoo import fields
from odoo import models

STAGE_KINDS = [
    ("registered", "Registered"),
    ("judged", "Judged"),
    ("investigating", "Investigating"),
    ("solution_proposed", "Solution Proposed"),
    ("solution_applied", "Solution Applied"),
    ("followed_up", "Followed Up"),
    ("closed", "Closed"),
]
STAGE_ORDER = {kind: index for index, (kind, _label) in enumerate(STAGE_KINDS)}


class CsComplaintStage(models.Model):
    _name = "cs.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    stage_kind = fields.Selection(
        STAGE_KINDS,
        string="Step",
        required=True,
        default="registered",
        help="Step of the handling loop this stage stands for; the rules (required fields, "
        "deadlines, escalation) follow the step, so stages can be renamed or split freely.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
