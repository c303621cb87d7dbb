from odoo import api
from odoo import fields
from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    cs_damaged_location_id = fields.Many2one(
        "stock.location",
        string="Damaged Stock",
        readonly=True,
        copy=False,
        help="Damaged goods are kept here, apart from good stock, until they are scrapped.",
    )
    cs_gift_location_id = fields.Many2one(
        "stock.location",
        string="Gift Stock",
        readonly=True,
        copy=False,
        help="Gift stock: sale order lines marked as gifts are delivered from here.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._cs_special_locations()
        return warehouses

    def _cs_special_locations(self):
        """Damaged and gift stock get internal locations of their own, outside
        the warehouse's main stock, so that good, damaged and gift stock are
        counted separately and gifts are never reserved for ordinary orders."""
        Location = self.env["stock.location"].sudo()
        for warehouse in self.sudo():
            for field, name in (("cs_damaged_location_id", "Damaged"), ("cs_gift_location_id", "Gift")):
                if not warehouse[field]:
                    warehouse[field] = Location.create(
                        {
                            "name": name,
                            "usage": "internal",
                            "location_id": warehouse.view_location_id.id,
                            "company_id": warehouse.company_id.id,
                        }
                    )
