from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.res_partner_retailer import CS_PRIVATE_GROUPS

# (model, field) -> kind of change shown in the retailer change query (零售客户信息变更查询)
TRACKED = {
    ("res.partner", "cs_visit_phone"): "phone",
    ("res.partner", "cs_market_type"): "market_type",
    ("res.partner", "cs_order_method"): "order_method",
    ("res.partner", "cs_market_department"): "market_department",
    ("cs.settlement.agreement", "account_number"): "bank_account",
    ("cs.settlement.agreement", "bank_id"): "bank",
    ("cs.settlement.agreement", "state"): "agreement_state",
}


class CsRetailerChangeReport(models.Model):
    """Changes of retailers' bank account, visit-sale phone, market type and order method (零售客户信息变更查询).

    From the chatter tracking, and for bank account changes also from the agreements replacing one another
    (the change wizard creates a new agreement). The old and new values are readable only by those who may
    read account numbers (``CS_PRIVATE_GROUPS``).
    """

    _name = "cs.retailer.change.report"
    _description = "Retailer Information Changes"
    _auto = False
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Retailer", readonly=True)
    agreement_id = fields.Many2one("cs.settlement.agreement", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(readonly=True)
    author_id = fields.Many2one("res.partner", string="Changed By", readonly=True)
    kind = fields.Selection(
        [
            ("phone", "Visit-sale phone"),
            ("market_type", "Market type"),
            ("order_method", "Order method"),
            ("market_department", "Market department"),
            ("bank_account", "Bank account"),
            ("bank", "Bank"),
            ("agreement_state", "Agreement status"),
        ],
        string="Change",
        readonly=True,
    )
    old_value = fields.Char(readonly=True, groups=CS_PRIVATE_GROUPS)
    new_value = fields.Char(readonly=True, groups=CS_PRIVATE_GROUPS)

    @property
    def _table_query(self):
        cases = SQL(" ").join(
            SQL("WHEN m.model = %s AND f.name = %s THEN %s", model, name, kind)
            for (model, name), kind in TRACKED.items()
        )
        pairs = SQL(", ").join(SQL("(%s, %s)", model, name) for model, name in TRACKED)
        # ids: tracking values are even, bank account changes (a new agreement replacing the old one) odd
        return SQL(
            """SELECT v.id * 2 AS id, m.date, m.author_id,
                      COALESCE(a.partner_id, p.id) AS partner_id,
                      a.id AS agreement_id,
                      COALESCE(a.company_id, p.company_id) AS company_id,
                      CASE %(cases)s END AS kind,
                      COALESCE(v.old_value_char, v.old_value_integer::text,
                               v.old_value_float::text) AS old_value,
                      COALESCE(v.new_value_char, v.new_value_integer::text,
                               v.new_value_float::text) AS new_value
                 FROM mail_tracking_value v
                 JOIN mail_message m ON m.id = v.mail_message_id
                 JOIN ir_model_fields f ON f.id = v.field_id
                 LEFT JOIN res_partner p ON m.model = 'res.partner' AND p.id = m.res_id
                 LEFT JOIN cs_settlement_agreement a
                        ON m.model = 'cs.settlement.agreement' AND a.id = m.res_id
                WHERE (m.model, f.name) IN (%(pairs)s)
               UNION ALL
               -- 银行卡或者存折更换: the new agreement carries the new account, the one it replaces the old
               SELECT n.id * 2 + 1 AS id, n.create_date AS date, u.partner_id AS author_id,
                      n.partner_id, n.id AS agreement_id, n.company_id,
                      'bank_account' AS kind,
                      o.account_number AS old_value,
                      n.account_number AS new_value
                 FROM cs_settlement_agreement n
                 JOIN cs_settlement_agreement o ON o.id = n.previous_id
                 LEFT JOIN res_users u ON u.id = n.create_uid
                WHERE o.account_number IS DISTINCT FROM n.account_number""",
            cases=cases,
            pairs=pairs,
        )
