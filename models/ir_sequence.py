from odoo import models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _cs_date_range(self, date_from, date_to):
        """The date range [date_from, date_to] of this sequence, created if missing.

        Core creates yearly ranges only; client codes restart yearly and job
        numbers monthly, so the range is named explicitly. The unique
        (sequence, from, to) constraint makes a concurrent creation of the
        same range wait and fail rather than restart the serial at 1; the
        daily cron creates the coming ranges ahead so that this stays rare.
        """
        self.ensure_one()
        ranges = self.env["ir.sequence.date_range"].sudo()
        date_range = ranges.search(
            [("sequence_id", "=", self.id), ("date_from", "=", date_from), ("date_to", "=", date_to)],
            limit=1,
        )
        return date_range or ranges.create({"sequence_id": self.id, "date_from": date_from, "date_to": date_to})

    def _cs_draw(self, date_from, date_to, count=1):
        """Draw ``count`` numbers of the range [date_from, date_to] in one query.

        Standard sequences are PostgreSQL sequences: two transactions drawing
        at once get different numbers and never wait for each other.
        """
        self.ensure_one()
        date_range = self._cs_date_range(date_from, date_to)
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{self.id:03d}_{date_range.id:03d}", count],
        )
        return [row[0] for row in self.env.cr.fetchall()]
