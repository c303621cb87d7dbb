"""One state guard for every document of the addon.

A document's workflow fields (its state, who approved it and when, its
deadlines...) change only through its action methods, and the fields a state
freezes change for nobody. No caller can switch this off: the action methods
open a *transition* with ``with records._cs_transition():``, a Python
``contextvars.ContextVar`` that lives in the server process and is not part of
the Odoo context an RPC caller controls, and methods whose names start with an
underscore cannot be called over RPC.
"""

import contextvars
from contextlib import contextmanager

from odoo import api
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

# model names whose action methods are writing now (in this thread/task only)
_TRANSITIONS = contextvars.ContextVar("cs_transitions", default=frozenset())


@contextmanager
def cs_transition(*model_names):
    """Let the addon's own code write the guarded fields of ``model_names``.

    Only Python code of the server reaches this; the Odoo context does not.
    """
    token = _TRANSITIONS.set(_TRANSITIONS.get() | frozenset(model_names))
    try:
        yield
    finally:
        _TRANSITIONS.reset(token)


def cs_in_transition(model_name):
    """True while the addon's own code writes guarded fields of ``model_name``."""
    return model_name in _TRANSITIONS.get()


class CsStateMixin(models.AbstractModel):
    """A step of a document's flow refused with the document's name and state;
    workflow fields written only by the actions; fields frozen by state."""

    _name = "cs.state.mixin"
    _description = "Customer Service Document Flow"

    # fields that only the model's actions write (the state first)
    _cs_flow_fields = ("state",)
    # {state: fields that nobody may change while the document is in it}
    _cs_frozen_fields = {}

    # ------------------------------------------------------------------ guard
    @contextmanager
    def _cs_transition(self, *others):
        """``with self._cs_transition():`` lets an action method write its flow.

        ``others`` are recordsets (or model names) of other models the same
        action writes.
        """
        names = [self._name] + [o if isinstance(o, str) else o._name for o in others]
        with cs_transition(*names):
            yield self

    def _cs_state_field(self):
        return "state"

    def _cs_label(self, fname):
        return self._fields[fname].get_description(self.env)["string"]

    def _cs_state_label(self, record):
        state_field = self._cs_state_field()
        value = record[state_field]
        field = self._fields[state_field]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        return value.display_name if value else ""

    def _cs_check_guarded_write(self, vals):
        """Refuse a direct change of the flow fields and of frozen fields."""
        document = self.env["ir.model"]._get(self._name).name
        flow = [f for f in self._cs_flow_fields if f in vals]
        if flow and self:
            raise UserError(
                self.env._(
                    "%(document)s %(name)s: the field %(field)s changes only through the "
                    "document's buttons, never directly.",
                    document=document,
                    name=self[:1].display_name,
                    field=self._cs_label(flow[0]),
                )
            )
        if not self._cs_frozen_fields:
            return
        state_field = self._cs_state_field()
        for record in self:
            state = record[state_field]
            state = state.id if isinstance(state, models.BaseModel) else state
            frozen = [f for f in self._cs_frozen_fields.get(state, ()) if f in vals]
            if frozen:
                raise UserError(
                    self.env._(
                        "%(document)s %(name)s is %(state)s: its %(field)s can no longer be changed.",
                        document=document,
                        name=record.display_name,
                        state=self._cs_state_label(record),
                        field=self._cs_label(frozen[0]),
                    )
                )

    def _cs_without_flow_defaults(self):
        """This recordset without the caller's ``default_<flow field>`` context keys: a caller
        chooses no step of a new document through the context (``default_state="approved"``)."""
        keys = {f"default_{fname}" for fname in self._cs_flow_fields}
        if keys.isdisjoint(self.env.context):
            return self
        context = {key: value for key, value in self.env.context.items() if key not in keys}
        return self.with_env(self.env(context=context))

    def _cs_check_guarded_create(self, vals_list):
        """A new document starts at its first step: the flow fields keep their own defaults
        (the model's, never a context default)."""
        defaults = self._cs_without_flow_defaults().default_get(list(self._cs_flow_fields))
        for vals in vals_list:
            for fname in self._cs_flow_fields:
                if fname in vals and vals[fname] and vals[fname] != defaults.get(fname):
                    raise UserError(
                        self.env._(
                            "A new %(document)s starts at its first step: %(field)s is set by its buttons.",
                            document=self.env["ir.model"]._get(self._name).name,
                            field=self._cs_label(fname),
                        )
                    )

    def _cs_guard_active(self):
        return not cs_in_transition(self._name)

    def write(self, vals):
        if self._cs_guard_active():
            self._cs_check_guarded_write(vals)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        model = self
        if self._cs_guard_active():
            self._cs_check_guarded_create(vals_list)
            model = self._cs_without_flow_defaults()
        return super(CsStateMixin, model).create(vals_list)

    # ------------------------------------------------------------------ steps
    def _cs_lock_for_step(self):
        """Lock the documents' rows before a step that changes other records (stock, moves): a second
        click or a second manager at the same moment fails at once (NOWAIT) and Odoo retries the
        request, which then sees the first one's outcome and is refused by ``_check_state``."""
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE NOWAIT",
                SQL.identifier(self._table),
                self.ids,
            )
        )
        self.invalidate_recordset([self._cs_state_field()])

    def _check_state(self, *states):
        """Refuse the step unless every record is in one of ``states``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        document = self.env["ir.model"]._get(self._name).name
        for record in self:
            if record.state not in states:
                raise UserError(
                    self.env._(
                        "%(document)s %(name)s is %(state)s: this step is not possible now.",
                        document=document,
                        name=record.display_name,
                        state=labels[record.state],
                    )
                )
