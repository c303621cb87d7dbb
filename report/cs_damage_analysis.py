from odoo import fields
from odoo import models

from ..models.stock_scrap import HANDLING


class CsDamageAnalysis(models.Model):
    """破损分析: one row per done scrap, from Odoo's own scrap orders."""

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
            "cs_damage_reason_id",
            "cs_handling",
            "scrap_qty",
            "state",
            "company_id",
        ],
        "stock.move": ["scrap_id", "state", "value", "product_qty", "price_unit"],
        "res.company": ["cs_tz"],
    }

    date = fields.Date(readonly=True)
    scrap_id = fields.Many2one("stock.scrap", string="Scrap Order", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    location_id = fields.Many2one("stock.location", string="From", readonly=True)
    scrap_location_id = fields.Many2one("stock.location", string="To", readonly=True)
    reason_id = fields.Many2one("stock.scrap.reason.tag", readonly=True)
    handling = fields.Selection(HANDLING, string="Proposed Handling", readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Float(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        # The value is the scrap move's stock valuation; unvalued moves fall back
        # on their unit price. The day is the company's (its time zone), not UTC's.
        return """
            SELECT scrap.id,
                   (scrap.date_done AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(company.cs_tz, 'Asia/Shanghai'))::date
                       AS date,
                   scrap.id AS scrap_id,
                   scrap.product_id,
                   scrap.location_id,
                   scrap.scrap_location_id,
                   scrap.cs_damage_reason_id AS reason_id,
                   scrap.cs_handling AS handling,
                   scrap.scrap_qty AS quantity,
                   COALESCE(valued.amount, 0) AS amount,
                   scrap.company_id
              FROM stock_scrap scrap
              JOIN res_company company ON company.id = scrap.company_id
              LEFT JOIN (
                    SELECT move.scrap_id,
                           SUM(COALESCE(NULLIF(ABS(move.value), 0),
                                        move.product_qty * COALESCE(move.price_unit, 0))) AS amount
                      FROM stock_move move
                     WHERE move.scrap_id IS NOT NULL AND move.state = 'done'
                     GROUP BY move.scrap_id
              ) valued ON valued.scrap_id = scrap.id
             WHERE scrap.state = 'done'
        """
