"""Audit log of bank data through OCA ``auditlog`` (issue 11).

The addon's rules (data/cs_auditlog_data.xml) log who read or changed the
account and ID numbers of agreements, bank accounts and retailers, and when.
Four things are added to auditlog's mechanism here, each for a hole an
auditor would find or a failure in production:

- *Logged Fields* (``cs_field_ids``): a rule logs only these fields, for reads,
  creations, changes and deletions; an empty value is not logged (reading a
  contact without an ID card number reveals nothing). auditlog alone logs every
  field of the model, which on ``res.partner`` would fill the log with names and
  addresses and make every contact change read all its fields twice.
- auditlog skips read logging when the context holds ``auditlog_disabled_read``,
  a key it sets for its own reads; an RPC caller can set it too and read unlogged.
  Here auditlog's own processing is marked by a Python ContextVar (out of any
  caller's reach) and the key is ignored outside it.
- ``search_read`` formats the records without calling ``read``: logged here too.
- Reading writes the log, so an audited read needs a read/write cursor. Odoo serves
  ``read``, ``search_read`` and the web client's ``web_*`` reads on a read-only cursor
  when the database has a replica (and in tests), then fails on the log's INSERT and
  retries the whole request. ``read`` and ``search_read`` of an audited model ask for a
  read/write cursor; the web client's reads do when their specification reaches a
  logged field (controllers/dataset.py).
"""

import contextvars
import functools

from odoo import api
from odoo import fields
from odoo import models
from odoo.fields import Command
from odoo.tools import ormcache

# Models whose audit log the Customer Service managers and the settlement accountants read
# (the record rules of security/cs_auditlog_security.xml name the same models).
CS_AUDITED_MODELS = ("cs.settlement.agreement", "res.partner.bank", "res.partner")
CS_AUDIT_READER_GROUPS = (
    "customer_service_dept.group_cs_manager",
    "customer_service_dept.group_cs_settlement_accountant",
    "auditlog.group_auditlog_user",
)

# True while auditlog processes a logged create/write/unlink: the reads it then makes
# (values before and after) are its own, not the user's.
_auditlog_internal = contextvars.ContextVar("cs_auditlog_internal", default=False)


def _as_auditlog_internal(method):
    """auditlog's logged create/write/unlink, with its own reads marked as internal."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        token = _auditlog_internal.set(True)
        try:
            return method(self, *args, **kwargs)
        finally:
            _auditlog_internal.reset(token)

    return wrapper


def _read_always_logged(method):
    """auditlog's logged read, whatever ``auditlog_disabled_read`` the caller put in the context."""

    @functools.wraps(method)
    def read(self, *args, **kwargs):
        if self.env.context.get("auditlog_disabled_read") and not _auditlog_internal.get():
            self = self.with_context(auditlog_disabled_read=False)
        return method(self, *args, **kwargs)

    read._readonly = False
    return read


def _only(values, names, set_only):
    """``{res_id: {field: value}}`` restricted to ``names`` (and to set values if ``set_only``)."""
    return {
        res_id: {name: value for name, value in vals.items() if name in names and (value or not set_only)}
        for res_id, vals in (values or {}).items()
    }


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    cs_field_ids = fields.Many2many(
        "ir.model.fields",
        "cs_auditlog_rule_field_rel",
        "rule_id",
        "field_id",
        string="Logged Fields",
        domain="[('model_id', '=', model_id)]",
        help="Only these fields are logged (reads, creations, changes, deletions), and only when they "
        "hold a value. Empty: every field but the excluded ones.",
    )

    @api.model
    @ormcache("model_name")
    def _cs_logged_fields(self, model_name):
        """The names of the fields the rule of ``model_name`` limits its log to, or None."""
        rule = self.sudo().search([("model_id.model", "=", model_name)], limit=1)
        return frozenset(rule.cs_field_ids.mapped("name")) if rule.cs_field_ids else None

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        if {"cs_field_ids", "model_id"} & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    # -- patching the audited models ------------------------------------
    def _patch_method(self, model, method_name, check_attr):
        patched = super()._patch_method(model, method_name, check_attr)
        if not patched:
            return patched
        model_class = model.env.registry[model._name]
        if method_name in ("create", "write", "unlink"):
            setattr(model_class, method_name, _as_auditlog_internal(getattr(model_class, method_name)))
        elif method_name == "read":
            model_class.read = _read_always_logged(model_class.read)
            model_class.search_read = self._cs_make_search_read(model_class.search_read)
        return patched

    def _revert_methods(self):
        for rule in self.filtered("log_read"):
            model_class = self.env.registry.get(rule.model_id.model or rule.model_model)
            if model_class is not None and getattr(vars(model_class).get("search_read"), "_cs_auditlog", False):
                del model_class.search_read
        return super()._revert_methods()

    def _cs_make_search_read(self, origin):
        """``search_read`` logged like ``read``: it formats the records without calling ``read``.

        Not for the server's own sudo searches (duplicate checks): an RPC caller is never superuser.
        """
        self.ensure_one()
        log_type = self.log_type
        users_to_exclude = self.users_to_exclude_ids

        @functools.wraps(origin)
        def search_read(self, *args, **kwargs):
            result = origin(self, *args, **kwargs)
            if result and not self.env.su and not _auditlog_internal.get() and self.env.user not in users_to_exclude:
                self.env["auditlog.rule"].sudo().create_logs(
                    self.env.uid,
                    self._name,
                    [row["id"] for row in result],
                    "read",
                    {row["id"]: row for row in result},
                    None,
                    {"log_type": log_type},
                )
            return result

        search_read._readonly = False
        search_read.origin = origin
        search_read._cs_auditlog = True
        return search_read

    @api.model
    def _cs_spec_reads_audited(self, model_name, spec):
        """Whether a web client specification (``{field: {"fields": {...}}}``) reads a logged
        field of a model whose reads are logged, at any depth: such a read writes the log."""
        Model = self.env.get(model_name)
        if Model is None or not isinstance(spec, dict):
            return False
        audited = getattr(type(Model), "auditlog_ruled_read", False)
        logged = self._cs_logged_fields(model_name) if audited else None
        for name, sub in spec.items():
            if audited and (logged is None or name in logged):
                return True
            field = Model._fields.get(name)
            if field is not None and field.relational and isinstance(sub, dict):
                if self._cs_spec_reads_audited(field.comodel_name, sub.get("fields")):
                    return True
        return False

    # -- what gets logged -------------------------------------------------
    @api.model
    def get_auditlog_fields(self, model):
        names = super().get_auditlog_fields(model)
        logged = self._cs_logged_fields(model._name)
        return names if logged is None else [name for name in names if name in logged]

    def create_logs(
        self,
        uid,
        res_model,
        res_ids,
        method,
        old_values=None,
        new_values=None,
        additional_log_values=None,
    ):
        logged = self._cs_logged_fields(res_model)
        if logged is None or method == "export_data":
            return super().create_logs(uid, res_model, res_ids, method, old_values, new_values, additional_log_values)
        # a number read, given, deleted: only when there is one; a change: only when it changed
        set_only = method != "write"
        old_values = _only(old_values, logged, set_only)
        new_values = _only(new_values, logged, set_only)
        if method == "read":
            res_ids = [res_id for res_id in res_ids if old_values.get(res_id)]
        elif method == "create":
            res_ids = [res_id for res_id in res_ids if new_values.get(res_id)]
        elif method == "write":
            res_ids = [
                res_id
                for res_id in res_ids
                if any(
                    old_values.get(res_id, {}).get(name) != value
                    for name, value in new_values.get(res_id, {}).items()
                    if name in old_values.get(res_id, {})
                )
            ]
        elif method == "unlink" and old_values:
            res_ids = [res_id for res_id in res_ids if old_values.get(res_id)]
        if not res_ids:
            return None
        return super().create_logs(uid, res_model, res_ids, method, old_values, new_values, additional_log_values)

    def set_to_confirmed(self):
        """The "View logs" action auditlog adds to the records' Action menu: for the log's readers only."""
        result = super().set_to_confirmed()
        groups = self.env["res.groups"]
        for xmlid in CS_AUDIT_READER_GROUPS:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or groups
        actions = self.filtered(lambda rule: rule.model_id.model in CS_AUDITED_MODELS).action_id
        actions.sudo().write({"group_ids": [Command.set(groups.ids)]})
        return result

    @api.model
    def _cs_subscribe(self, xmlids):
        """Subscribe the addon's rules still in draft (at install and at each update): a fresh
        database logs at once. Deleting a rule is how an administrator stops it for good."""
        rules = self.browse()
        for xmlid in xmlids:
            rules |= self.env.ref(xmlid, raise_if_not_found=False) or rules
        rules.filtered(lambda rule: rule.state == "draft").set_to_confirmed()
