# Run by `make bench` inside `odoo shell` (``env`` is given).
# 100,000 complaints inserted in SQL (one INSERT ... SELECT), then the list
# view's first page (web_search_read with the list view's fields, limit 80)
# and the monthly classification statistics are timed. Nothing is kept.
import time

from odoo.addons.customer_service_dept.tests.complaint_common import list_specification

N = 100_000
env = env  # noqa: F821 (given by odoo shell)
company = env.company
cr = env.cr

partners = env["res.partner"].create([{"name": f"Bench client {i}", "is_company": True} for i in range(200)])
stages = env["cs.complaint.stage"].search([])
categories = env["cs.complaint.category"].search([])
env.flush_all()
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
      FROM generate_series(1, %(n)s) g
      CROSS JOIN LATERAL (SELECT now() AT TIME ZONE 'UTC' - (g %% 730) * interval '1 day' AS received) t
      JOIN cs_complaint_stage s ON s.id = (%(stages)s)[1 + g %% array_length(%(stages)s, 1)]
    """,
    {
        "company": company.id,
        "partners": partners.ids,
        "categories": categories.ids,
        "stages": stages.ids,
        "uid": env.uid,
        "n": N,
    },
)
cr.execute("ANALYZE cs_complaint")
insert = time.perf_counter() - start
print(f"complaints: inserted {N} complaints in {insert:.1f} s (one SQL INSERT ... SELECT)")

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


page = timed("list view, first page of 80 (all)", lambda: Complaint.web_search_read([], spec, limit=80))
timed(
    "list view, first page of 80 (default filter: open)",
    lambda: Complaint.web_search_read([("stage_kind", "!=", "closed")], spec, limit=80),
)
timed(
    "list view, first page of 80 (filter: late)",
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
