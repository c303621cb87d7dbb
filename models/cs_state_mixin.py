from odoo import models
from odoo.exceptions import UserError


class CsStateMixin(models.AbstractModel):
    """A step of a document's flow refused with the document's name and state."""

    _name = "cs.state.mixin"
    _description = "Customer Service Document Flow"

    def _check_state(self, *states):
        """Refuse the step unless every record is in one of ``states``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        document = self.env["ir.model"]._get(self._name).name
        for record in self:
            if record.state not in states:
                raise UserError(
                    self.env._(
                        "%(document)s %(name)s is %(state)s: this step is not possible now.",
                        document=document,
                        name=record.display_name,
                        state=labels[record.state],
                    )
                )
