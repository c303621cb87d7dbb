import psycopg2.errors

from odoo import models
from odoo.addons.base.models.ir_sequence import _create_sequence
from odoo.tools import mute_logger


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _cs_date_range(self, date_from, date_to):
        """Id of the date range [date_from, date_to] of this sequence, created if missing.

        Core creates yearly ranges only; client codes restart yearly and job
        numbers monthly, so the range is named explicitly. The first draw of
        a new period may race with another transaction drawing at the same
        moment: the range is inserted in a savepoint with ``ON CONFLICT DO
        NOTHING``; when the other transaction created it first (and committed,
        which our own snapshot cannot see) the insert fails harmlessly and the
        range committed by the other is read through a fresh cursor. Both then
        draw from the same PostgreSQL sequence: different numbers, no error.
        """
        self.ensure_one()
        key = [self.id, date_from, date_to]
        find = "SELECT id FROM ir_sequence_date_range WHERE sequence_id = %s AND date_from = %s AND date_to = %s"
        self.env["ir.sequence.date_range"].flush_model()
        self.env.cr.execute(find, key)
        row = self.env.cr.fetchone()
        if row:
            return row[0]
        try:
            # the refused insert is expected here: keep it out of the error log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """INSERT INTO ir_sequence_date_range
                           (sequence_id, date_from, date_to, number_next, create_uid, create_date,
                            write_uid, write_date)
                       VALUES (%s, %s, %s, 1, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                       ON CONFLICT DO NOTHING RETURNING id""",
                    [*key, self.env.uid, self.env.uid],
                )
                row = self.env.cr.fetchone()
                if row and self.implementation == "standard":
                    _create_sequence(
                        self.env.cr, f"ir_sequence_{self.id:03d}_{row[0]:03d}", self.number_increment or 1, 1
                    )
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.UniqueViolation):
            row = None
        if row:
            self.env["ir.sequence.date_range"].invalidate_model()
            return row[0]
        # another transaction created and committed it meanwhile: read it as committed
        with self.env.registry.cursor() as fresh_cr:
            fresh_cr.execute(find, key)
            return fresh_cr.fetchone()[0]

    def _cs_draw(self, date_from, date_to, count=1):
        """Draw ``count`` numbers of the range [date_from, date_to] in one query.

        Standard sequences are PostgreSQL sequences: two transactions drawing
        at once get different numbers and never wait for each other.
        """
        self.ensure_one()
        range_id = self._cs_date_range(date_from, date_to)
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{self.id:03d}_{range_id:03d}", count],
        )
        return [row[0] for row in self.env.cr.fetchall()]
