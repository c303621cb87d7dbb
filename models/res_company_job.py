from odoo import fields
from odoo import models


class ResCompany(models.Model):
    """Account executives' schedule: the Monday report, minutes confirmation, meeting-day checks."""

    _inherit = "res.company"

    # 「每周一早上, 将本周内所有工作的执行状况…的工作周报表, 送交客户相关人员」 (seed 000); the
    # AE department meets at 9:30 on Monday (每周周一上午9:30召开营业部例会): the report is out before
    cs_weekly_report_monday_hour = fields.Float(
        string="Monday Report Time",
        default=9.0,
        help="Local time (the company's time zone) from which the Monday status report is mailed to the "
        "clients' contacts and the team.",
    )
    cs_contact_report_confirm_days = fields.Integer(
        string="Minutes Confirmation Delay (days)",
        default=3,
        help="Days after sending a contact report without confirmation by the client's participants: its "
        "author then gets a to-do to follow it up.",
    )
    # 「出发前1个小时请再次以电话形式确认会议是否能正常召开」
    cs_meeting_confirm_hours = fields.Float(
        string="Phone Confirmation Before Departure (hours)",
        default=1.0,
        help="The organiser is asked to confirm the meeting by phone with the client this long before "
        "leaving (meeting start minus travel time).",
    )
    # 「出发前半个小时再次检查会议用品是否准备完成…再次向我方与会人员确认会议流程」
    cs_meeting_check_minutes = fields.Integer(
        string="Materials and Agenda Check Before Departure (minutes)",
        default=30,
        help="The organiser is asked to check the meeting materials and the agenda with our attendees this "
        "long before leaving.",
    )
