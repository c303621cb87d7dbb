from odoo import api
from odoo import fields
from odoo import models

from .rules import client_code_year_range


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_auto_client_code = fields.Boolean(
        string="Assign client codes automatically",
        help="Give a client code to every company contact created with a city.",
    )
    cs_job_min_lead_days = fields.Integer(
        string="Minimum lead time of a job (days)",
        default=3,
        help="A job ticket's due date must be at least this many days after today.",
    )
    # Rulebook 000 L349 「不开负库存」: on by default. It drives OCA stock_no_negative's location switch
    # (stock.location.allow_negative_stock, models/stock_location.py); OCA's quant check does the refusing.
    cs_no_negative_stock = fields.Boolean(
        string="No negative stock",
        default=True,
        help="Refuse any delivery, scrap, quantity edit or inventory adjustment that would leave less than zero "
        "in one of the company's warehouse locations. Off: the company's internal and transit locations allow "
        "negative stock.",
    )
    cs_no_partial_shipment = fields.Boolean(
        string="No partial shipment",
        help="Sale orders ship complete: a delivery cannot be validated with less than ordered.",
    )
    cs_adjustment_approval_value = fields.Float(
        string="Adjustment approval threshold",
        help="0 (the rulebook's rule): every inventory adjustment waits for a Customer Service Manager's approval. "
        "Above 0: only adjustments with a difference worth more than this (at cost) wait; smaller ones apply at once.",
    )
    cs_client_code_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Client code sequence",
        copy=False,
        readonly=True,
        help="Yearly serial of the client codes of this company.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._cs_client_code_sequence()
        return companies

    def _cs_client_code_sequence(self):
        """The company's client-code sequence, created on first use.

        One ``ir.sequence`` per company with yearly date ranges, standard
        (PostgreSQL sequence) implementation: two transactions drawing at
        once get different numbers and never wait for each other.
        """
        sequences = self.env["ir.sequence"]
        for company in self.sudo():
            if not company.cs_client_code_sequence_id:
                company.cs_client_code_sequence_id = sequences.sudo().create(
                    {
                        "name": self.env._("Client codes of %(company)s", company=company.name),
                        "code": "customer_service_dept.client_code",
                        "company_id": company.id,
                        "implementation": "standard",
                        "use_date_range": True,
                        "padding": 3,
                        "number_increment": 1,
                    }
                )
            sequences |= company.cs_client_code_sequence_id
        return sequences

    def _cs_draw_client_serials(self, first_contact, count):
        """Draw ``count`` serials of the year of ``first_contact`` in one query."""
        self.ensure_one()
        return self._cs_client_code_sequence()._cs_draw(*client_code_year_range(first_contact), count)
