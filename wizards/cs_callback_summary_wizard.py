from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..models.rules import callback_summary
from ..models.rules import month_range


class CsCallbackSummaryWizard(models.TransientModel):
    """回访总结报告: the callbacks due in a period, summed up, with the writer's analysis.

    Seed 000 (客户服务部日常工作详细流程, 回访流程): 认真记录每一个客户回访结果填写《回访记录表》
    …最后分析结果并撰写《回访总结报告》. The same wizard prints the callback record
    (回访记录表) of the period.
    """

    _name = "cs.callback.summary.wizard"
    _description = "Callback Summary Report"

    def _default_dates(self):
        return month_range(self.env.company._cs_today(self.env.user))

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_dates()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_dates()[1])
    analysis = fields.Text(
        string="Analysis and Improvements",
        help="What the callbacks taught: the customers' opinions, what to improve and who does it. "
        "Printed on the summary report.",
    )

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = f"{wizard.date_from or ''} – {wizard.date_to or ''}"

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise UserError(
                    self.env._(
                        "Callback summary: the period starts on %(start)s, after its end %(end)s.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def _cs_callbacks(self):
        """The callbacks of the company due in the period (the reader's access rules apply)."""
        self.ensure_one()
        return self.env["cs.callback"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("due_date", ">=", self.date_from),
                ("due_date", "<=", self.date_to),
            ],
            order="due_date, id",
        )

    def _cs_summary(self):
        """``(total, callers)``: the period's figures and one row per caller, by name."""
        self.ensure_one()
        callbacks = self._cs_callbacks()
        summary = callback_summary(
            [
                {
                    "caller": callback.user_id,
                    "member": callback.member,
                    "due": callback.due_date,
                    "done": callback.done_date,
                    "state": callback.state,
                    "result": callback.result,
                }
                for callback in callbacks
            ],
            self.company_id._cs_today(self.env.user),
        )
        callers = sorted(summary["callers"].items(), key=lambda item: item[0].name or "")
        return summary["total"], callers

    def _cs_not_satisfied(self):
        return self._cs_callbacks().filtered(lambda c: c.state == "done" and c.result in ("average", "not_satisfied"))

    def _cs_rate(self, value):
        """A rate as printed: "n/a" when there was nothing to measure."""
        return self.env._("n/a") if value is None else f"{value:.1f} %"

    def action_print_summary(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.cs_callback_summary_report_action").report_action(self)

    def action_print_summary_xlsx(self):
        self.ensure_one()
        return self.env.ref("customer_service_dept.cs_callback_summary_xlsx_action").report_action(self)

    def action_print_record(self):
        self.ensure_one()
        callbacks = self._cs_callbacks().filtered(lambda c: c.state != "cancelled")
        if not callbacks:
            raise UserError(
                self.env._(
                    "No callback of %(company)s is due between %(start)s and %(end)s.",
                    company=self.company_id.name,
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        return self.env.ref("customer_service_dept.cs_callback_record_report_action").report_action(callbacks)
