from odoo import fields
from odoo import models


class CsOrderRequiredField(models.Model):
    """A field an order needs for products of a category (e.g. steel pipes: the customer's reference)."""

    _name = "cs.order.required.field"
    _description = "Order Field Required per Product Category"
    _order = "categ_id, id"

    categ_id = fields.Many2one("product.category", string="Product Category", required=True, ondelete="cascade")
    field_id = fields.Many2one(
        "ir.model.fields",
        string="Required Field",
        required=True,
        ondelete="cascade",
        domain=[("model", "in", ("sale.order", "sale.order.line")), ("store", "=", True)],
    )
    model_name = fields.Char(related="field_id.model")
    field_name = fields.Char(related="field_id.name")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    note = fields.Char(help="Why the field is needed.")

    def _cs_applies_to(self, product):
        self.ensure_one()
        category = product.categ_id
        while category:
            if category == self.categ_id:
                return True
            category = category.parent_id
        return False
