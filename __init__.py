from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """Client-code sequences for the existing companies, damaged and gift
    locations for the existing warehouses."""
    env["res.company"].search([])._cs_client_code_sequence()
    env["stock.warehouse"].search([])._cs_special_locations()
