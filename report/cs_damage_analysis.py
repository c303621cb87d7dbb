from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.stock_scrap import HANDLING

KINDS = [
    ("damage", "Damaged"),
    ("disposal", "Damaged Stock Disposed"),
]


class CsDamageAnalysis(models.Model):
    """破损分析: one row per done scrap, from Odoo's own scrap orders.

    Goods are damaged once: a scrap out of good stock (into the warehouse's
    damaged stock, 残品, or straight to scrap) is the damage and counts in the
    damaged quantity and amount. Disposing of damaged stock later (a damage
    request of the damaged location: destroyed, sent back...) is the same goods
    leaving, shown apart as disposed so that no total counts them twice.
    Quantities are in the product's own unit, whatever unit the scrap used.
    """

    _name = "cs.damage.analysis"
    _description = "Damage Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "stock.scrap": [
            "date_done",
            "product_id",
            "location_id",
            "scrap_location_id",
            "scrap_reason_tag_ids",
            "cs_handling",
            "scrap_qty",
            "state",
            "company_id",
        ],
        "stock.move": ["scrap_id", "state", "value", "product_qty", "price_unit"],
        "stock.scrap.reason.tag": ["sequence"],
        "stock.warehouse": ["cs_damaged_location_id"],
        "stock.location": ["parent_path"],
        "res.company": ["cs_tz"],
    }

    date = fields.Date(readonly=True)
    scrap_id = fields.Many2one("stock.scrap", string="Scrap Order", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    location_id = fields.Many2one("stock.location", string="From", readonly=True)
    scrap_location_id = fields.Many2one("stock.location", string="To", readonly=True)
    reason_id = fields.Many2one("stock.scrap.reason.tag", readonly=True)
    handling = fields.Selection(HANDLING, string="Proposed Handling", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    quantity = fields.Float(string="Damaged Quantity", readonly=True, help="In the product's unit.")
    amount = fields.Float(string="Damaged Amount", readonly=True)
    disposed_qty = fields.Float(string="Disposed Quantity", readonly=True, help="In the product's unit.")
    disposed_amount = fields.Float(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        # The reason is Odoo's own scrap reason (a damage request has exactly one; a scrap
        # done before the requests existed counts under its first reason). The value is the
        # scrap move's stock valuation; unvalued moves fall back on their unit price. The
        # day is the company's (its time zone), not UTC's.
        reasons = self.env["stock.scrap"]._fields["scrap_reason_tag_ids"]
        return SQL(
            """
            SELECT scrap.id,
                   (scrap.date_done AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(company.cs_tz, 'Asia/Shanghai'))::date
                       AS date,
                   scrap.id AS scrap_id,
                   scrap.product_id,
                   scrap.location_id,
                   scrap.scrap_location_id,
                   reason.tag_id AS reason_id,
                   scrap.cs_handling AS handling,
                   CASE WHEN from_damaged.yes THEN 'disposal' ELSE 'damage' END AS kind,
                   CASE WHEN from_damaged.yes THEN 0.0 ELSE COALESCE(valued.qty, 0.0) END AS quantity,
                   CASE WHEN from_damaged.yes THEN 0.0 ELSE COALESCE(valued.amount, 0.0) END AS amount,
                   CASE WHEN from_damaged.yes THEN COALESCE(valued.qty, 0.0) ELSE 0.0 END AS disposed_qty,
                   CASE WHEN from_damaged.yes THEN COALESCE(valued.amount, 0.0) ELSE 0.0 END AS disposed_amount,
                   scrap.company_id
              FROM stock_scrap scrap
              JOIN res_company company ON company.id = scrap.company_id
              LEFT JOIN (
                    -- the locations inside a warehouse's damaged stock (a few rows, hashed once)
                    SELECT DISTINCT inside.id
                      FROM stock_warehouse warehouse
                      JOIN stock_location damaged ON damaged.id = warehouse.cs_damaged_location_id
                      JOIN stock_location inside ON inside.parent_path LIKE damaged.parent_path || '%%'
              ) damaged_source ON damaged_source.id = scrap.location_id
             CROSS JOIN LATERAL (SELECT damaged_source.id IS NOT NULL AS yes) from_damaged
              LEFT JOIN LATERAL (
                    SELECT rel.%(tag_column)s AS tag_id
                      FROM %(relation)s rel
                      JOIN stock_scrap_reason_tag tag ON tag.id = rel.%(tag_column)s
                     WHERE rel.%(scrap_column)s = scrap.id
                     ORDER BY tag.sequence, tag.id
                     LIMIT 1
              ) reason ON TRUE
              LEFT JOIN LATERAL (
                    -- the scrap's own moves only (stock_move.scrap_id is indexed): a month's analysis
                    -- does not sum the scrap moves of every year first
                    SELECT SUM(move.product_qty) AS qty,
                           SUM(COALESCE(NULLIF(ABS(move.value), 0),
                                        move.product_qty * COALESCE(move.price_unit, 0))) AS amount
                      FROM stock_move move
                     WHERE move.scrap_id = scrap.id AND move.state = 'done'
              ) valued ON TRUE
             WHERE scrap.state = 'done'
            """,
            relation=SQL.identifier(reasons.relation),
            scrap_column=SQL.identifier(reasons.column1),
            tag_column=SQL.identifier(reasons.column2),
        )
