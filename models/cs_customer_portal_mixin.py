"""What a customer sees of a case on the portal (``/my``) and how they rate it.

Complaints and service requests share it: the portal link of the case
(``portal.mixin``), the satisfaction rating asked when the case closes
(``rating.mixin``: seed 004 「征求客户对处理结果的意见和满意度…直至客户满意为止」) and the
words the portal shows for a rating. Satisfaction is counted in one place,
``satisfaction_of_rating`` (and the SQL view ``cs.satisfaction.report``).
"""

from odoo import models
from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK
from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED


def satisfaction_of_rating(value):
    """The callback result a rating counts as: 5 (happy) satisfied, 3 average, 1 not satisfied."""
    if not value:
        return False
    if value >= RATING_LIMIT_SATISFIED:
        return "satisfied"
    if value >= RATING_LIMIT_OK:
        return "average"
    return "not_satisfied"


class CsCustomerPortalMixin(models.AbstractModel):
    _name = "cs.customer.portal.mixin"
    _description = "Customer Service Case on the Portal"
    _inherit = ["portal.mixin", "rating.mixin"]

    def _cs_request_rating(self, template_xmlid):
        """Ask the customer of each closed case to rate the handling, by e-mail with the rating links.

        Called by the closing actions after their own checks; a customer without an e-mail address
        rates on the portal only.
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for record in self:
            if record._rating_get_partner().email:
                record.rating_send_request(template, force_send=False)

    def _cs_portal_rating(self):
        """The customer's last rating of this case (consumed), else an empty recordset."""
        self.ensure_one()
        ratings = self.sudo().rating_ids.filtered(lambda r: r.consumed and r.rating)
        return ratings.sorted(lambda r: (r.write_date, r.id))[-1:]

    def _cs_portal_rating_token(self):
        """The token of the customer's pending rating (created on demand) for the portal's rating links."""
        self.ensure_one()
        return self.sudo()._rating_get_access_token()

    def _cs_portal_closed(self):
        """Whether the case is closed: the portal then asks for (or shows) the customer's rating."""
        return False
