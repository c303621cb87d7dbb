from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from .cs_complaint import CHANNELS
from .rules import service_deadline

# Complaints' channels, plus the customer portal
REQUEST_CHANNELS = [*CHANNELS, ("portal", "Portal")]
REQUEST_TYPES = [("inquiry", "Inquiry"), ("request", "Request")]


class CsServiceDeadline(models.Model):
    """How long a service request may wait for its reply, per type and channel.

    The most precise rule wins: the company's own rule before a shared one, a
    rule of the request's channel before the rule of every channel.
    """

    _name = "cs.service.deadline"
    _description = "Service Request Deadline"
    _order = "request_type, channel, company_id, id"

    request_type = fields.Selection(REQUEST_TYPES, string="Type", required=True)
    channel = fields.Selection(
        REQUEST_CHANNELS, help="Leave empty for the rule of every channel without a rule of its own."
    )
    hours = fields.Float(string="Reply within (hours)", required=True, default=24.0)
    working_days = fields.Boolean(
        string="Working days only",
        help="The hours run only on working days (Monday to Friday, without the public holidays of the "
        "company's working schedule): 24 hours are one working day.",
    )
    company_id = fields.Many2one("res.company", help="Leave empty for a rule shared by every company.")
    note = fields.Char(string="Rule", help="The rulebook sentence behind this deadline.")
    active = fields.Boolean(default=True)

    @api.constrains("hours")
    def _check_hours(self):
        for rule in self:
            if rule.hours < 0:
                raise ValidationError(
                    self.env._(
                        "Deadline %(rule)s: the hours cannot be negative.",
                        rule=rule.display_name,
                    )
                )

    @api.constrains("request_type", "channel", "company_id", "active")
    def _check_unique(self):
        for rule in self.filtered("active"):
            twins = self.search_count(
                [
                    ("id", "!=", rule.id),
                    ("request_type", "=", rule.request_type),
                    ("channel", "=", rule.channel),
                    ("company_id", "=", rule.company_id.id),
                ]
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "Deadline %(rule)s: there is already a rule for this type, channel and company; "
                        "change that one instead.",
                        rule=rule.display_name,
                    )
                )

    @api.depends("request_type", "channel", "hours", "working_days")
    def _compute_display_name(self):
        types = dict(self._fields["request_type"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for rule in self:
            rule.display_name = self.env._(
                "%(type)s by %(channel)s: %(hours)s h%(working)s",
                type=types.get(rule.request_type, ""),
                channel=channels.get(rule.channel) or self.env._("any channel"),
                hours=f"{rule.hours:g}",
                working=self.env._(" (working days)") if rule.working_days else "",
            )

    @api.model
    def _cs_rule(self, company, request_type, channel):
        """The rule that applies to a request of ``request_type`` received by ``channel`` in ``company``."""
        rules = self.sudo().search(
            [
                ("request_type", "=", request_type),
                ("channel", "in", [channel or False, False]),
                ("company_id", "in", [company.id, False]),
            ]
        )
        # channel match first, then company match
        return rules.sorted(lambda r: (not r.channel, not r.company_id))[:1]

    def _cs_due(self, received, company, share=100):
        """Reply deadline of a request received at ``received`` (naive UTC) under this rule; ``share``
        (percent) shortens it for a key customer."""
        self.ensure_one()
        return service_deadline(
            received,
            self.hours * share / 100.0,
            self.working_days,
            company._cs_reader_tz(),
            company._cs_holidays(received) if self.working_days else (),
        )
