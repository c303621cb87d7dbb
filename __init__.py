import logging

from odoo.exceptions import UserError

from . import controllers
from . import demo
from . import models
from . import report
from . import wizards
from .models.cs_state_mixin import cs_transition

_logger = logging.getLogger(__name__)

# sequences the addon creates in code, one per company or department (the
# ones of its data files go with the module's xml ids)
CODE_SEQUENCES = ("customer_service_dept.client_code", "customer_service_dept.job_number")


def post_init_hook(env):
    """Client-code sequences for the existing companies, damaged locations for
    the existing warehouses (their gift stock and gift route come from
    ``data/cs_stock_data.xml``, at every upgrade too). Existing contacts are left
    as they are: no client code, no first-contact date is invented for them."""
    env["res.company"].search([])._cs_client_code_sequence()
    env["stock.warehouse"].search([])._cs_special_locations()


def uninstall_hook(env):
    """Remove what the addon created in code; archive what still has history.

    The client-code and job-number sequences go. The gift routes go when no
    move was made by them, else they are archived. The damaged and gift
    locations go when nothing ever moved through them, else they are archived
    (a gift location still holding goods stays active: its stock is real).
    """
    env["ir.sequence"].sudo().with_context(active_test=False).search([("code", "in", CODE_SEQUENCES)]).unlink()
    # damage requests still in the addon's approval steps go back to Odoo's draft
    pending = env["stock.scrap"].sudo().search([("state", "in", ("requested", "approved", "refused"))])
    with cs_transition("stock.scrap"):
        pending.write({"state": "draft"})
    warehouses = env["stock.warehouse"].sudo().with_context(active_test=False).search([])
    routes = warehouses.cs_gift_route_id
    locations = warehouses.cs_damaged_location_id | warehouses.cs_gift_location_id
    warehouses.write({"cs_damaged_location_id": False, "cs_gift_location_id": False, "cs_gift_route_id": False})
    Move = env["stock.move"].sudo()
    for route in routes:
        rules = route.with_context(active_test=False).rule_ids
        if Move.search_count([("rule_id", "in", rules.ids)], limit=1):
            rules.write({"active": False})
            route.active = False
        else:
            rules.unlink()
            route.unlink()
    Quant = env["stock.quant"].sudo()
    Scrap = env["stock.scrap"].sudo()
    for location in locations:
        used = (
            Move.search_count(["|", ("location_id", "=", location.id), ("location_dest_id", "=", location.id)], limit=1)
            or Quant.search_count([("location_id", "=", location.id)], limit=1)
            or Scrap.search_count([("scrap_location_id", "=", location.id)], limit=1)
        )
        if not used:
            location.unlink()
            continue
        try:
            with env.cr.savepoint():
                location.active = False
        except UserError:
            _logger.warning("Location %s still holds goods: left active.", location.display_name)
