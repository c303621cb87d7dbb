from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from ..models.stock_picking_followup import CONFIRMED_VIA


class CsArrivalConfirmWizard(models.TransientModel):
    """The specialist records what the customer said on the phone (or at a visit) about a delivery."""

    _name = "cs.arrival.confirm.wizard"
    _description = "Customer's Confirmation of a Delivery"

    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True, readonly=True)
    result = fields.Selection(
        [("ok", "Received in good order"), ("problem", "Problem reported")], required=True, default="ok"
    )
    via = fields.Selection([v for v in CONFIRMED_VIA if v[0] != "link"], string="How", required=True, default="call")
    customer_contact = fields.Char(string="Who Confirmed", required=True, help="The customer's person on the phone.")
    note = fields.Text(string="Customer's Remarks")

    def action_record(self):
        self.ensure_one()
        picking = self.picking_id
        if not picking.cs_can_confirm_arrival:
            raise UserError(
                self.env._(
                    "Delivery %(picking)s: only Customer Service records the customer's confirmation, for a "
                    "delivery to a customer that is done and not confirmed yet.",
                    picking=picking.display_name,
                )
            )
        if self.result == "problem" and not self.note:
            raise UserError(
                self.env._("Delivery %(picking)s: describe the problem the customer reported.", picking=picking.name)
            )
        picking._cs_record_arrival(self.result == "ok", self.via, self.customer_contact, self.note, user=self.env.user)
        return {"type": "ir.actions.act_window_close"}
