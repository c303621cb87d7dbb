from datetime import datetime
from datetime import timedelta

from freezegun import freeze_time

from .common import CsCommon

RECEIVED = datetime(2026, 3, 9, 2, 0)  # 10:00 in Suizhou (UTC+8)


class ComplaintCommon(CsCommon):
    """A client, categories and helpers to walk a complaint through its stages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["res.partner"].create(
            {"name": "Zengdu Store", "is_company": True, "company_id": cls.company.id}
        )
        cls.quality = cls.env.ref("customer_service_dept.cs_complaint_category_product_quality")
        cls.delivery = cls.env.ref("customer_service_dept.cs_complaint_category_delivery")
        cls.Complaint = cls.env["cs.complaint"].with_company(cls.company)

    def new_complaint(self, received=RECEIVED, user=None, **vals):
        with freeze_time(received):
            return self.Complaint.with_user(user or self.env.user).create(
                {
                    "partner_id": self.client.id,
                    "company_id": self.company.id,
                    "content": "Cartons arrived crushed",
                    "category_id": self.quality.id,
                    "received_date": received,
                    **vals,
                }
            )

    def investigate(self, complaint):
        complaint.reply = complaint.reply or "We are looking into it and come back to you within 48 hours."
        complaint.action_send_reply()
        complaint.action_judge_valid()
        complaint.write({"responsible_department": "Logistics", "responsible_user_id": self.cs_user.id})
        complaint.action_investigate()
        return complaint

    def propose(self, complaint, *names):
        complaint.write({"solution_ids": [(0, 0, {"name": name}) for name in names or ("Replace the goods",)]})
        complaint.action_propose()
        return complaint.solution_ids

    def applied_complaint(self, callback_result="satisfied"):
        """A complaint whose approved solution was applied, its callback result chosen."""
        complaint = self.new_complaint()
        with freeze_time(RECEIVED + timedelta(hours=1)):
            self.investigate(complaint)
            solution = self.propose(complaint)
            solution.with_user(self.cs_manager).action_approve()
            complaint.write({"acceptance_mode": "phone", "acceptance_date": RECEIVED + timedelta(hours=1)})
            complaint.action_apply_solution()
        complaint.callback_result = callback_result
        return complaint


def list_specification(env, model="cs.complaint"):
    """The ``web_search_read`` specification the web client sends for the list view."""
    from lxml import etree

    views = env[model].get_views([(False, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    fields = env[model]._fields
    spec = {}
    for node in arch.iterchildren("field"):
        field = fields[node.get("name")]
        if field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            spec[field.name] = {"fields": {}}
        else:
            spec[field.name] = {}
    return spec
