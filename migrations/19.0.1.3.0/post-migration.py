"""19.0.1.3.0: the old damage reason of each scrap becomes its Odoo scrap reason.

A scrap whose damage reason is not among its scrap reasons gets it added; the
damage analysis then reads the scrap reasons only. The set-aside column goes.
"""

import logging

from odoo.tools import sql

_logger = logging.getLogger(__name__)

LEGACY_COLUMN = "cs_legacy_damage_reason_id"
RELATION = "stock_scrap_stock_scrap_reason_tag_rel"


def migrate(cr, version):
    if not version or not sql.column_exists(cr, "stock_scrap", LEGACY_COLUMN):
        return
    cr.execute(
        f"""
        INSERT INTO {RELATION} (stock_scrap_id, stock_scrap_reason_tag_id)
        SELECT scrap.id, scrap."{LEGACY_COLUMN}"
          FROM stock_scrap scrap
          JOIN stock_scrap_reason_tag tag ON tag.id = scrap."{LEGACY_COLUMN}"
         WHERE NOT EXISTS (
                SELECT 1 FROM {RELATION} rel
                 WHERE rel.stock_scrap_id = scrap.id
                   AND rel.stock_scrap_reason_tag_id = scrap."{LEGACY_COLUMN}"
               )
        """
    )
    _logger.info("customer_service_dept 19.0.1.3.0: %s damage reasons moved to Odoo's scrap reasons", cr.rowcount)
    cr.execute(f'ALTER TABLE stock_scrap DROP COLUMN "{LEGACY_COLUMN}"')
