from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.queue_job.job import identity_exact
from odoo.exceptions import UserError
from odoo.tools import SQL

from .rules import working_days_after


class CsSettlementBatch(models.Model):
    """A signing batch: the verified agreements of one bank, handed to finance together."""

    _name = "cs.settlement.batch"
    _description = "E-settlement Signing Batch"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.state.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _cs_flow_fields = ("state", "date_sent")
    # what went to finance stays as it went
    _cs_frozen_fields = {
        "sent": ("name", "bank_id", "company_id", "kind", "user_id"),
        "done": ("name", "bank_id", "company_id", "kind", "user_id"),
        "cancel": ("name", "bank_id", "company_id", "kind", "user_id"),
    }

    name = fields.Char(string="Batch Number", readonly=True, copy=False, default="/", index=True)
    bank_id = fields.Many2one("res.bank", required=True, tracking=True, domain=[("cs_esettlement", "=", True)])
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    kind = fields.Selection(
        [("new", "New retailers"), ("change", "Bank account changes")],
        default="new",
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Handed to Finance"), ("done", "Reconciled"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    user_id = fields.Many2one("res.users", string="Prepared By", default=lambda self: self.env.user)
    date_sent = fields.Date(string="Handed to Finance On", readonly=True, copy=False, tracking=True)
    agreement_ids = fields.One2many("cs.settlement.agreement", "batch_id", string="Agreements")
    result_ids = fields.One2many("cs.settlement.result", "batch_id", string="Bank Results")
    line_ids = fields.One2many("cs.settlement.batch.line", "batch_id", string="Signing Sheet as Sent")
    agreement_count = fields.Integer(compute="_compute_counts")
    signed_count = fields.Integer(string="Signed", compute="_compute_counts")
    failed_count = fields.Integer(string="Failed", compute="_compute_counts")
    pending_count = fields.Integer(string="Pending", compute="_compute_counts")
    note = fields.Text()
    can_add_verified = fields.Boolean(compute="_compute_can")
    can_send = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_import = fields.Boolean(compute="_compute_can")

    _name_uniq = models.Constraint("UNIQUE(name, company_id)", "Batch numbers are unique.")

    @api.depends("agreement_ids.state", "line_ids.outcome")
    def _compute_counts(self):
        """A draft batch counts its agreements; a batch handed to finance counts what it sent and what the
        bank answered (its lines), whatever became of the agreements since."""
        counts = defaultdict(int)
        ids = self._origin.ids
        if ids:
            for batch, state, count in self.env["cs.settlement.agreement"]._read_group(
                [("batch_id", "in", ids), ("batch_id.state", "=", "draft")], ["batch_id", "state"], ["__count"]
            ):
                counts[batch.id, state] += count
            outcome_state = {"pending": "sent", "signed": "signed", "failed": "failed"}
            for batch, outcome, count in self.env["cs.settlement.batch.line"]._read_group(
                [("batch_id", "in", ids)], ["batch_id", "outcome"], ["__count"]
            ):
                counts[batch.id, outcome_state[outcome]] += count
        for batch in self:
            bid = batch._origin.id
            batch.agreement_count = sum(v for (key, _s), v in counts.items() if key == bid)
            batch.signed_count = counts[bid, "signed"]
            batch.failed_count = counts[bid, "failed"]
            batch.pending_count = counts[bid, "sent"] + counts[bid, "verified"]

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can(self):
        """Which buttons the user sees; each action checks the same conditions again."""
        Agreement = self.env["cs.settlement.agreement"]
        cs_user, accountant = Agreement._cs_is_cs_user(), Agreement._cs_is_accountant()
        for batch in self:
            batch.can_add_verified = batch.can_send = batch.can_cancel = cs_user and batch.state == "draft"
            batch.can_import = accountant and batch.state == "sent"

    def _compute_display_name(self):
        for batch in self:
            batch.display_name = f"{batch.name} {batch.bank_id.name or ''}".strip()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("cs.settlement.batch") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda b: b.state != "draft"):
            raise UserError(self.env._("A signing batch handed to finance is never deleted."))

    @api.model
    def _cs_create_for(self, agreements, kind="new"):
        """One draft batch per company and bank for ``agreements``."""
        groups = defaultdict(lambda: self.env["cs.settlement.agreement"])
        for agreement in agreements:
            groups[agreement.company_id, agreement.bank_id] |= agreement
        batches = self.create(
            [{"company_id": company.id, "bank_id": bank.id, "kind": kind} for company, bank in groups]
        )
        with self._cs_transition(agreements):
            for batch, members in zip(batches, groups.values(), strict=True):
                members.write({"batch_id": batch.id})
        return batches

    def action_add_verified(self):
        self.ensure_one()
        self.env["cs.settlement.agreement"]._cs_check_cs_user()
        if self.state != "draft":
            raise UserError(self.env._("Agreements can be added only to a draft signing batch."))
        verified = self.env["cs.settlement.agreement"].search(
            [
                ("state", "=", "verified"),
                ("batch_id", "=", False),
                ("bank_id", "=", self.bank_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )
        with verified._cs_transition():
            verified.write({"batch_id": self.id})
        return True

    def action_send(self):
        """Hand the batch to finance: its agreements are now at the bank."""
        self.env["cs.settlement.agreement"]._cs_check_cs_user()
        for batch in self:
            if batch.state != "draft":
                raise UserError(self.env._("Signing batch %(batch)s was already handed to finance.", batch=batch.name))
            if not batch.agreement_ids:
                raise UserError(
                    self.env._(
                        "Signing batch %(batch)s holds no agreement: add verified agreements first.",
                        batch=batch.name,
                    )
                )
            not_verified = batch.agreement_ids.filtered(lambda a: a.state != "verified")
            if not_verified:
                raise UserError(
                    self.env._(
                        "Signing batch %(batch)s: agreement %(agreement)s is not verified. Verify it or "
                        "remove it from the batch.",
                        batch=batch.name,
                        agreement=not_verified[0].display_name,
                    )
                )
        today = fields.Date.context_today(self)
        Line = self.env["cs.settlement.batch.line"]
        values = [vals for batch in self for vals in Line._cs_values_for(batch, batch.agreement_ids)]
        with self._cs_transition(self.agreement_ids, Line):
            # what goes to the bank is kept as it went: the batch's history never changes afterwards
            Line.sudo().create(values)
            self.agreement_ids.write({"state": "sent", "sent_date": today, "bank_copy_date": today})
            self.write({"state": "sent", "date_sent": today})
        return True

    def action_cancel(self):
        self.env["cs.settlement.agreement"]._cs_check_cs_user()
        if self.filtered(lambda b: b.state != "draft"):
            raise UserError(self.env._("Only a draft signing batch can be cancelled."))
        with self._cs_transition(self.agreement_ids):
            self.agreement_ids.write({"batch_id": False})
            self.write({"state": "cancel"})
        return True

    def _cs_close_if_reconciled(self):
        done = self.filtered(lambda b: b.state == "sent" and not b.pending_count)
        if done:
            with done._cs_transition():
                done.write({"state": "done"})

    def _cs_sheet_rows(self):
        """The rows of the signing sheet: what was handed to finance (the batch's lines) once it was sent,
        the agreements as they are while it is a draft. Each row: number, transfer number, retailer, holder,
        account, kind, ID card, 通存通兑, status."""
        self.ensure_one()
        Agreement = self.env["cs.settlement.agreement"]
        states = dict(Agreement._fields["state"]._description_selection(self.env))
        kinds = dict(Agreement._fields["account_kind"]._description_selection(self.env))
        if self.line_ids:
            outcome_state = {"pending": "sent", "signed": "signed", "failed": "failed"}
            lines = self.line_ids.sorted("sequence")
            return [
                {
                    "number": line.sequence,
                    "transfer_number": line.transfer_number or "",
                    "retailer": line.retailer_name or "",
                    "account_holder": line.account_holder or "",
                    "account_number": line.account_number or "",
                    "account_kind": line.account_kind,
                    "kind": kinds.get(line.account_kind, ""),
                    "id_card_number": line.id_card_number or "",
                    "passbook_anywhere": line.passbook_anywhere,
                    "status": states[outcome_state[line.outcome]],
                }
                for line in lines
            ]
        agreements = self.agreement_ids.sorted("transfer_number")
        return [
            {
                "number": number,
                "transfer_number": agreement.transfer_number or "",
                "retailer": agreement.partner_id.name or "",
                "account_holder": agreement.account_holder or "",
                "account_number": agreement.account_number or "",
                "account_kind": agreement.account_kind,
                "kind": kinds.get(agreement.account_kind, ""),
                "id_card_number": agreement.id_card_number or "",
                "passbook_anywhere": agreement.passbook_anywhere,
                "status": states[agreement.state],
            }
            for number, agreement in enumerate(agreements, start=1)
        ]

    def action_print(self):
        return self.env.ref("customer_service_dept.action_report_cs_settlement_batch").report_action(self)

    def action_export_xlsx(self):
        return self.env.ref("customer_service_dept.action_report_cs_settlement_batch_xlsx").report_action(
            self, config=False
        )

    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_settlement_result_action")
        action["domain"] = [("batch_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------ cron
    @api.model
    def _cs_change_domain(self):
        return [("state", "=", "verified"), ("batch_id", "=", False), ("previous_id", "!=", False)]

    @api.model
    def _cron_prepare_change_batches(self):
        """Friday: one queued job per company with verified bank-account changes waiting (the job does the work).

        A second run before the jobs ran enqueues nothing twice (same identity); a run when nothing waits
        enqueues nothing.
        """
        waiting = self.env["cs.settlement.agreement"]._read_group(self._cs_change_domain(), ["company_id"])
        for (company,) in waiting:
            self.with_company(company).with_delay(
                description=self.env._(
                    "Prepare the Friday batches of bank account changes of %(company)s", company=company.name
                ),
                identity_key=identity_exact,
            )._cs_prepare_change_batches(company)

    @api.model
    def _cs_prepare_change_batches(self, company):
        """Put the company's verified bank-account changes into draft batches (the Friday job).

        Nothing goes to the bank until a person hands the batch to finance. Running it
        again adds only what is not batched yet, to the bank's draft batch of changes if one
        waits already: a second run creates no second batch and posts nothing twice.
        """
        Agreement = self.env["cs.settlement.agreement"]
        changes = Agreement.search([*self._cs_change_domain(), ("company_id", "=", company.id)])
        if changes:
            # a manual run at the same time as the scheduled one: each agreement is taken once
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM cs_settlement_agreement WHERE id = ANY(%s) AND batch_id IS NULL "
                    "FOR UPDATE SKIP LOCKED",
                    changes.ids,
                )
            )
            changes = Agreement.browse(row[0] for row in self.env.cr.fetchall())
        if not changes:
            return self.env._("Nothing to prepare.")
        waiting = self.search(
            [
                ("state", "=", "draft"),
                ("kind", "=", "change"),
                ("company_id", "in", changes.company_id.ids),
                ("bank_id", "in", changes.bank_id.ids),
            ],
            order="id",
        )
        open_batch = {}
        for batch in waiting:
            open_batch.setdefault((batch.company_id, batch.bank_id), batch)
        batches, new = self.browse(), Agreement
        with self._cs_transition(Agreement):
            for agreement in changes:
                batch = open_batch.get((agreement.company_id, agreement.bank_id))
                if batch:
                    agreement.write({"batch_id": batch.id})
                    batches |= batch
                else:
                    new |= agreement
        created = self._cs_create_for(new, kind="change") if new else self.browse()
        batches |= created
        for batch in batches:
            batch.message_post(
                body=self.env._(
                    "Prepared by the Friday schedule with %(count)s bank account changes: check it and "
                    "hand it to finance.",
                    count=len(batch.agreement_ids),
                )
            )
        return self.env._("Batches prepared: %(batches)s", batches=", ".join(batches.mapped("display_name")))

    # ------------------------------------------------------------ follow-up: at the bank too long
    @api.model
    def _cron_remind_at_bank(self):
        """Daily: a batch at the bank for more than the company's working days (default 3, 签约的时间一般
        需要三天左右) gets an activity for its clerk to ask finance (你也可以打电话向财务科询问签约情况).

        Counted in the company's calendar (time zone, public holidays); a batch gets one such activity
        while it is open, a second run adds none.
        """
        activity_type = self.env.ref("customer_service_dept.mail_activity_type_cs_settlement_ask_finance")
        batches = self.search([("state", "=", "sent"), ("date_sent", "!=", False)])
        if not batches:
            return
        reminded = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", batches.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for company, members in batches.grouped("company_id").items():
            today = company._cs_today()
            limit = company.cs_settlement_bank_days or 3
            oldest = min(members.mapped("date_sent"))
            holidays = company._cs_holidays(oldest, days=(today - oldest).days + 1)
            for batch in members:
                if batch.id in reminded or batch.pending_count == 0:
                    continue
                days = working_days_after(batch.date_sent, today, holidays)
                if days <= limit:
                    continue
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": batch.id,
                        "activity_type_id": activity_type.id,
                        "summary": self.env._("Ask finance about the signing"),
                        "note": self.env._(
                            "Signing batch %(batch)s was handed to finance on %(date)s and has been at the bank "
                            "for %(days)s working days with %(pending)s agreements without an answer. Signing "
                            "usually takes about three days (签约的时间一般需要三天左右): call finance (财务科) "
                            "and ask how the signing stands.",
                            batch=batch.display_name,
                            date=batch.date_sent,
                            days=days,
                            pending=batch.pending_count,
                        ),
                        "date_deadline": today,
                        "user_id": (batch.user_id or self.env.user).id,
                    }
                )
        if vals_list:
            self.env["mail.activity"].create(vals_list)
