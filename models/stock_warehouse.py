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
        help="Where this warehouse's scrap orders put damaged goods: counted apart from good stock.",
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
        """Damaged and gift stock get locations of their own, so that good,
        damaged and gift stock are counted separately.

        Damaged: a scrap location (usage inventory) per warehouse, where its
        scrap orders go. Gift: an internal location outside the main stock, so
        gifts are never reserved for ordinary orders.
        """
        Location = self.env["stock.location"].sudo()
        virtual = self.env.ref("stock.stock_location_locations_virtual", raise_if_not_found=False)
        for warehouse in self.sudo():
            if not warehouse.cs_damaged_location_id:
                warehouse.cs_damaged_location_id = Location.create(
                    {
                        "name": f"{warehouse.code} Damaged",
                        "usage": "inventory",
                        "location_id": virtual.id if virtual else False,
                        "company_id": warehouse.company_id.id,
                    }
                )
            if not warehouse.cs_gift_location_id:
                warehouse.cs_gift_location_id = Location.create(
                    {
                        "name": "Gift",
                        "usage": "internal",
                        "location_id": warehouse.view_location_id.id,
                        "company_id": warehouse.company_id.id,
                    }
                )
