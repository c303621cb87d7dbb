from odoo.tests import new_test_user

from .complaint_common import ComplaintCommon
from .complaint_common import list_specification

# The queries the web client's first page of the Complaints menu costs a specialist (see
# scripts/bench_complaints.py: the same at 1,000 and at 1,000,000 complaints).
FIRST_PAGE_QUERIES = 9


class TestComplaintListPage(ComplaintCommon):
    """The first page of the complaint list costs the same number of queries whatever the number of
    complaints, customers, specialists and categories: nothing in the list view reads record by record."""

    def first_page(self, limit):
        """What the web client sends for the Complaints menu: the action's context, its default filter
        (Open), the list view's fields, and count_limit 10001 for the pager. A first call warms the caches
        (views, access rights, record rules) as the running server has them; the second one is counted."""
        action = self.env.ref("customer_service_dept.cs_complaint_action")
        self.assertEqual(action.context, "{'search_default_open': 1}")
        spec = list_specification(self.env)
        complaints = (
            self.env["cs.complaint"]
            .with_user(self.cs_user)
            .with_context(allowed_company_ids=self.company.ids, search_default_open=1, bin_size=True)
        )

        def call():
            return complaints.web_search_read(
                [("stage_kind", "!=", "closed")], spec, offset=0, limit=limit, order="", count_limit=10001
            )

        call()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(FIRST_PAGE_QUERIES):
            return call()

    def add_complaints(self, count, start):
        specialists = [
            new_test_user(
                self.env,
                f"list_specialist_{start + i}",
                groups="customer_service_dept.group_cs_user",
                company_id=self.company.id,
                company_ids=self.company.ids,
            )
            for i in range(3)
        ]
        for i in range(count):
            partner = self.env["res.partner"].create(
                {"name": f"List Store {start + i}", "is_company": True, "company_id": self.company.id}
            )
            self.new_complaint(
                partner_id=partner.id,
                category_id=(self.quality if i % 2 else self.delivery).id,
                user_id=specialists[i % 3].id,
            )

    def test_first_page_queries_do_not_grow_with_the_complaints(self):
        self.add_complaints(3, 0)
        page = self.first_page(limit=2)
        self.assertEqual((len(page["records"]), page["length"]), (2, 3))
        self.add_complaints(30, 3)
        page = self.first_page(limit=20)
        self.assertEqual((len(page["records"]), page["length"]), (20, 33))
        self.assertEqual(len({record["partner_id"]["id"] for record in page["records"]}), 20)
