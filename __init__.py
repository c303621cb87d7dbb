from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """Give every existing company its client-code sequence."""
    env["res.company"].search([])._cs_client_code_sequence()
