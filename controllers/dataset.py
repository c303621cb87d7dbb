"""The web client's reads of audited numbers run on a read/write cursor.

Odoo serves the web client's ``web_read``, ``web_search_read``, ``web_name_search``
and ``web_read_group`` on a read-only cursor when the database has a read replica
(and in tests). auditlog writes its log inside the read; on a read-only cursor the
INSERT fails, Odoo logs the error and runs the whole request again on a read/write
cursor. A request whose specification reaches a logged field of an audited model
(an agreement's account number in a batch's list of agreements, say) asks for a
read/write cursor at once. ``read`` and ``search_read`` of audited models do so
through their ``_readonly`` flag (models/auditlog_rule.py).
"""

from odoo import http
from odoo.addons.web.controllers.dataset import DataSet
from odoo.http import request

# method -> where its specification of fields to read is: keyword, position in args
SPECIFICATIONS = {
    "web_read": ("specification", 1),
    "web_search_read": ("specification", 1),
    "web_name_search": ("specification", 1),
    "web_read_group": ("unfold_read_specification", None),
}


def reads_audited_fields(env, model, method, args, kwargs):
    """Whether the call ``model.method(*args, **kwargs)`` reads a logged field of an audited model."""
    if method not in SPECIFICATIONS or model not in env:
        return False
    keyword, position = SPECIFICATIONS[method]
    spec = kwargs.get(keyword)
    if spec is None and position is not None and len(args) > position:
        spec = args[position]
    Rule = env["auditlog.rule"]
    if Rule._cs_spec_reads_audited(model, spec):
        return True
    # a grouped list also reads the records of the groups' own many2one (groupby_read_specification)
    fields = env[model]._fields
    for groupby, sub in (kwargs.get("groupby_read_specification") or {}).items():
        field = fields.get(str(groupby).split(":")[0])
        if field is not None and field.relational and Rule._cs_spec_reads_audited(field.comodel_name, sub):
            return True
    return False


class CsDataSet(DataSet):
    def _cs_call_kw_readonly(self, rule, args):
        readonly = self._call_kw_readonly(rule, args)
        if readonly:
            params = request.get_json_data()["params"]
            if reads_audited_fields(
                request.env, params["model"], params["method"], params.get("args") or [], params.get("kwargs") or {}
            ):
                return False
        return readonly

    @http.route(readonly=_cs_call_kw_readonly)
    def call_kw(self, model, method, args, kwargs, path=None):
        return super().call_kw(model, method, args, kwargs, path=path)
