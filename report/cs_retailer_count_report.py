from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL

from ..models.res_partner_retailer import ResPartner

# A retailer whose profile field is empty is counted under "Not set" (未设置), never left out.
NOT_SET = "none"

# The three distributions of 零售户户数情况统计表 (seed 000, 第三篇 七、2): field of this report, of the partner
COUNT_DIMENSIONS = (
    ("order_method", "cs_order_method"),
    ("business_format", "cs_business_format"),
    ("market_type", "cs_market_type"),
)


def _with_not_set(partner_field):
    """The partner field's selection plus "Not set" for an empty value."""
    return [*getattr(ResPartner, partner_field).selection, (NOT_SET, "Not set")]


class CsRetailerCountReport(models.Model):
    """零售户户数情况统计表 (seed 000, 第三篇 七、2):

    「可以在报表平臺中選擇“零售戶戶數情況統計表”菜單進入界面查詢零售客戶的訂貨方式、經營業態、市場類型分布的具體統計信息」.

    One row per retailer (``res.partner`` with ``cs_is_retailer``) holding only what the counts are made of,
    ``retailer_count`` = 1: the pivot's ``read_group`` is one ``GROUP BY`` over the retailers (PostgreSQL
    inlines the view), and a pivot cell opens the retailers it counts. Empty order method, business format
    and market type read "Not set". Archived retailers have ``active`` false: the ORM leaves them out unless
    the "Archived" filter is on.
    """

    _name = "cs.retailer.count.report"
    _description = "Retailer Counts"
    _auto = False
    _order = "company_id, market_department, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "cs_is_retailer",
            "company_id",
            "active",
            "cs_retailer_code",
            "cs_market_department",
            "cs_customer_manager_id",
            "cs_order_method",
            "cs_business_format",
            "cs_market_type",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Retailer", readonly=True)
    retailer_code = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    active = fields.Boolean(readonly=True)
    has_code = fields.Boolean(
        string="With Retailer Code", readonly=True, help="Licensed retailers carry their retailer code (零售客户编码)."
    )
    market_department = fields.Char(readonly=True)
    customer_manager_id = fields.Many2one("res.users", readonly=True)
    order_method = fields.Selection(_with_not_set("cs_order_method"), readonly=True)
    business_format = fields.Selection(_with_not_set("cs_business_format"), readonly=True)
    market_type = fields.Selection(_with_not_set("cs_market_type"), readonly=True)
    retailer_count = fields.Integer(string="Retailers", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """SELECT p.id, p.id AS partner_id, p.cs_retailer_code AS retailer_code, p.company_id, p.active,
                      p.cs_retailer_code IS NOT NULL AS has_code,
                      NULLIF(TRIM(p.cs_market_department), '') AS market_department,
                      p.cs_customer_manager_id AS customer_manager_id,
                      COALESCE(p.cs_order_method, %(none)s) AS order_method,
                      COALESCE(p.cs_business_format, %(none)s) AS business_format,
                      COALESCE(p.cs_market_type, %(none)s) AS market_type,
                      1 AS retailer_count
                 FROM res_partner p
                WHERE p.cs_is_retailer""",
            none=NOT_SET,
        )

    @api.model
    def _cs_distributions(self, domain):
        """The three tables of the statistics sheet for the retailers of ``domain``.

        ``[(title, [(label, count, share %), ...], total), ...]``: one table per distribution (order method,
        business format, market type), every value of the field listed (zero included, "Not set" last),
        shares in % of the total rounded to one decimal. Three ``GROUP BY`` queries.
        """
        titles = {
            "order_method": self.env._("By order method"),
            "business_format": self.env._("By business format"),
            "market_type": self.env._("By market type"),
        }
        tables = []
        for fname, _partner_field in COUNT_DIMENSIONS:
            counts = dict(self._read_group(domain, [fname], ["retailer_count:sum"]))
            total = sum(counts.values())
            labels = dict(self._fields[fname]._description_selection(self.env))
            rows = [
                (labels[value], counts.get(value, 0), round(100.0 * counts.get(value, 0) / total, 1) if total else 0.0)
                for value in labels
            ]
            tables.append((titles[fname], rows, total))
        return tables
