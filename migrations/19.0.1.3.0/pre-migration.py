"""19.0.1.3.0: a scrap has one reason, Odoo's own scrap reason (scrap_reason_tag_ids).

The addon's separate damage reason (stock_scrap.cs_damage_reason_id) goes; its
column is kept aside under another name before the update drops the field, so
that the post-migration can move its values into Odoo's reasons.
"""

from odoo.tools import sql

LEGACY_COLUMN = "cs_legacy_damage_reason_id"


def migrate(cr, version):
    if not version:
        return
    if sql.column_exists(cr, "stock_scrap", "cs_damage_reason_id") and not sql.column_exists(
        cr, "stock_scrap", LEGACY_COLUMN
    ):
        cr.execute(f'ALTER TABLE stock_scrap RENAME COLUMN cs_damage_reason_id TO "{LEGACY_COLUMN}"')
