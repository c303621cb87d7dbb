from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.cs_service_deadline import REQUEST_CHANNELS


class CsInquiryConversionReport(models.Model):
    """Inquiry-to-order conversion per specialist and month (seed 004: inquiries answered in time and
    turned into orders). One row per product inquiry (an inquiry with product lines, not cancelled):
    the average of ``conversion_rate`` over a group is the share of its inquiries that became an order."""

    _name = "cs.inquiry.conversion.report"
    _description = "Inquiry Conversion Analysis"
    _auto = False
    _order = "received_date desc"
    _rec_name = "name"

    request_id = fields.Many2one("cs.service.request", string="Inquiry", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Specialist", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    channel = fields.Selection(REQUEST_CHANNELS, readonly=True)
    received_date = fields.Datetime(string="Received", readonly=True)
    inquiry_count = fields.Integer(string="# Inquiries", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="# Answered in Time", readonly=True, aggregator="sum")
    quoted_count = fields.Integer(string="# Quoted", readonly=True, aggregator="sum")
    order_count = fields.Integer(string="# Converted to Orders", readonly=True, aggregator="sum")
    conversion_rate = fields.Float(string="Conversion Rate (%)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id AS id, r.id AS request_id, r.name AS name, r.company_id AS company_id,
                   r.user_id AS user_id, r.partner_id AS partner_id, r.channel AS channel,
                   r.received_date AS received_date,
                   1 AS inquiry_count,
                   CASE WHEN r.reply_date IS NOT NULL AND (r.reply_due IS NULL OR r.reply_date <= r.reply_due)
                        THEN 1 ELSE 0 END AS on_time_count,
                   CASE WHEN EXISTS (SELECT 1 FROM sale_order so WHERE so.cs_service_request_id = r.id)
                        THEN 1 ELSE 0 END AS quoted_count,
                   CASE WHEN EXISTS (SELECT 1 FROM sale_order so
                                     WHERE so.cs_service_request_id = r.id AND so.state = 'sale')
                        THEN 1 ELSE 0 END AS order_count,
                   CASE WHEN EXISTS (SELECT 1 FROM sale_order so
                                     WHERE so.cs_service_request_id = r.id AND so.state = 'sale')
                        THEN 100.0 ELSE 0.0 END AS conversion_rate
              FROM cs_service_request r
             WHERE r.request_type = 'inquiry' AND r.state != 'cancelled'
               AND EXISTS (SELECT 1 FROM cs_service_request_line l WHERE l.request_id = r.id)
            """
        )
