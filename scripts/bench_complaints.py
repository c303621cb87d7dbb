# Run by `make bench` inside `odoo shell` (``env`` is given).
# BENCH_COMPLAINTS complaints (default 100,000) inserted in SQL (INSERT ... SELECT
# generate_series), then ANALYZE. First, as a Customer Service specialist (record
# rules apply), the call the web client makes for the first page of the
# Complaints menu (action context, its default filter "Open", the list view's
# fields, limit 80, count_limit 10001 for the pager) is timed at 1,000
# complaints and again at BENCH_COMPLAINTS, side by side with the targets (< 100 ms,
# the same number of queries). Then the list view with other filters and the
# monthly statistics are timed at BENCH_COMPLAINTS. Nothing is kept.
#   The large run:  BENCH=complaints BENCH_COMPLAINTS=1000000 make bench
import os
import time

from lxml import etree

from odoo.addons.customer_service_dept.tests.complaint_common import list_specification
from odoo.fields import Domain
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

N = int(os.environ.get("BENCH_COMPLAINTS", 100_000))
SMALL = 1_000
env = env  # noqa: F821 (given by odoo shell)
company = env.company
cr = env.cr

partners = env["res.partner"].create([{"name": f"Bench client {i}", "is_company": True} for i in range(200)])
stages = env["cs.complaint.stage"].search([])
categories = env["cs.complaint.category"].search([])
env.flush_all()


def fill(first, last):
    """Insert complaints number ``first`` to ``last`` in one SQL statement, then ANALYZE."""
    start = time.perf_counter()
    cr.execute(
        """
        INSERT INTO cs_complaint (name, company_id, partner_id, channel, received_date, content, category_id,
                                  severity, stage_id, stage_kind, validity, escalation_level, reply_due,
                                  solution_due, callback_due, reply_date, user_id,
                                  create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || g, %(company)s, (%(partners)s)[1 + g %% array_length(%(partners)s, 1)],
               (ARRAY['phone', 'email', 'visit', 'chat', 'letter', 'other'])[1 + g %% 6],
               t.received, 'Bench complaint ' || g, (%(categories)s)[1 + g %% array_length(%(categories)s, 1)],
               'normal', s.id, s.stage_kind,
               CASE WHEN s.stage_kind = 'registered' THEN NULL ELSE 'valid' END, 'none',
               t.received + interval '24 hours', t.received + interval '48 hours', t.received + interval '7 days',
               CASE WHEN g %% 3 = 0 THEN NULL ELSE t.received + (g %% 40) * interval '1 hour' END, %(uid)s,
               %(uid)s, %(uid)s, now(), now()
          FROM generate_series(%(first)s, %(last)s) g
          CROSS JOIN LATERAL (SELECT now() AT TIME ZONE 'UTC' - (g %% 730) * interval '1 day' AS received) t
          JOIN cs_complaint_stage s ON s.id = (%(stages)s)[1 + g %% array_length(%(stages)s, 1)]
        """,
        {
            "company": company.id,
            "partners": partners.ids,
            "categories": categories.ids,
            "stages": stages.ids,
            "uid": env.uid,
            "first": first,
            "last": last,
        },
    )
    cr.execute("ANALYZE cs_complaint")
    took = time.perf_counter() - start
    print(f"complaints: inserted {last - first + 1:,} complaints in {took:.1f} s (one SQL INSERT ... SELECT)")


def load():
    return f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"


# What the web client sends when a specialist opens Customer Service > Complaints: the action's
# context and default filter, the list view's fields (with the list_activity widget's dependencies),
# the first page of 80 and count_limit 10001 (the pager counts up to 10,000).
action = env.ref("customer_service_dept.cs_complaint_action")
action_context = safe_eval(action.context, {"uid": env.uid})
search_view = env["cs.complaint"].get_views([(False, "search")])["views"]["search"]["arch"]
default_domain = Domain.AND(
    Domain(safe_eval(node.get("domain"), {"uid": env.uid}))
    for node in etree.fromstring(search_view).iter("filter")
    if node.get("name") and action_context.get(f"search_default_{node.get('name')}") and node.get("domain")
)
web_spec = list_specification(env)
web_spec["activity_ids"] = {"fields": {}}
for name in (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
):
    web_spec[name] = {}
web_spec["activity_type_id"] = {"fields": {"display_name": {}}}
specialist = new_test_user(
    env,
    login="bench_cs_specialist",
    groups="customer_service_dept.group_cs_user",
    company_id=company.id,
    tz="Asia/Shanghai",
)
web_context = {
    "lang": "en_US",
    "tz": "Asia/Shanghai",
    "uid": specialist.id,
    "allowed_company_ids": [company.id],
    "bin_size": True,
    **action_context,
}
web_list = env["cs.complaint"].with_user(specialist).with_context(web_context)


def first_page(rounds=5):
    """Best wall time (ms), queries and result of the web client's first page call."""
    best, queries, result = None, None, None
    for _ in range(rounds):
        env.invalidate_all()
        count = cr.sql_log_count
        start = time.perf_counter()
        result = web_list.web_search_read(
            list(default_domain), web_spec, offset=0, limit=80, order="", count_limit=10001
        )
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - count
        best = elapsed if best is None else min(best, elapsed)
    return best * 1000, queries, result


fill(1, min(SMALL, N))
small_ms, small_queries, small_page = first_page()
small_load = load()
if N > SMALL:
    fill(SMALL + 1, N)
large_ms, large_queries, large_page = first_page()
print(
    f"  complaint list, first page as a specialist (default filter Open, {len(large_page['records'])} rows, "
    f"pager {large_page['length']:,}):"
)
print(f"    {SMALL:>10,} complaints: {small_ms:6.1f} ms, {small_queries} queries ({small_load})")
print(f"    {N:>10,} complaints: {large_ms:6.1f} ms, {large_queries} queries ({load()})")
print(
    f"    target: < 100 ms at {N:,}: {'met' if large_ms < 100 else 'MISSED'}; "
    f"same query count as at {SMALL:,}: {'met' if large_queries == small_queries else 'MISSED'}"
)

# As a Customer Service Manager (record rules apply), not as the superuser.
admin = env.ref("base.user_admin")
Complaint = env["cs.complaint"].with_user(admin)
spec = list_specification(env)


def timed(label, func, rounds=5):
    best, queries = None, None
    for _ in range(rounds):
        env.invalidate_all()
        count = cr.sql_log_count
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - count
        best = elapsed if best is None else min(best, elapsed)
    print(f"  {label}: {best * 1000:.0f} ms (best of {rounds}), {queries} queries")
    return result


page = timed(
    "list view as admin, exact count (no count_limit), first page of 80 (all)",
    lambda: Complaint.web_search_read([], spec, limit=80),
)
timed(
    "list view as admin, exact count, first page of 80 (default filter: open)",
    lambda: Complaint.web_search_read([("stage_kind", "!=", "closed")], spec, limit=80),
)
timed(
    "list view as admin, exact count, first page of 80 (filter: late)",
    lambda: Complaint.web_search_read([("sla_state", "=", "late")], spec, limit=80),
)
wizard = env["cs.complaint.stats.wizard"].with_user(admin).create({"company_id": company.id})
rows, total = timed("monthly classification statistics", wizard._cs_statistics)
timed(
    "analysis pivot: by category and month",
    lambda: env["cs.complaint.report"]
    .with_user(admin)
    ._read_group([], ["category_id", "received_date:month"], ["nbr:sum"]),
    rounds=3,
)
print(f"  first page holds {len(page['records'])} of {page['length']} complaints; this month: {total['total']}")
cr.rollback()
