from odoo import api
from odoo import fields
from odoo import models


class StockLocation(models.Model):
    _inherit = "stock.location"

    # OCA stock_no_negative's location switch, set from the company's setting "No negative stock"
    allow_negative_stock = fields.Boolean(
        compute="_compute_allow_negative_stock",
        store=True,
        readonly=False,
        precompute=True,
        help="Let the stock of this location go below zero. Set from Settings > No negative stock for the "
        "company's internal and transit locations (ticked when the setting is off), again whenever the setting "
        "or the location's type changes; tick it by hand to set one location apart until then.",
    )

    @api.depends("usage", "company_id.cs_no_negative_stock")
    def _compute_allow_negative_stock(self):
        """Rulebook 000 L349 「不开负库存」: with the setting on (the default) no internal or transit location of
        the company allows negative stock; off, they all do. Locations shared between companies never do."""
        for location in self:
            location.allow_negative_stock = (
                location.usage in ("internal", "transit")
                and bool(location.company_id)
                and not location.company_id.cs_no_negative_stock
            )
