# Run by `make bench` inside `odoo shell` (``env`` is given).
# Creating 5,000 company partners in one create() call, automatic client
# codes on against off, in one run on the same database. Nothing is kept.
import gc
import time

N = 5000
company = env.company  # noqa: F821 (given by odoo shell)
Partner = env["res.partner"].with_context(tracking_disable=False)  # noqa: F821


def run(auto, tag):
    company.cs_auto_client_code = auto
    vals = [{"name": f"Bench {tag} {i}", "city": "Wuhan", "is_company": True} for i in range(N)]
    env.flush_all()  # noqa: F821
    env.invalidate_all()  # noqa: F821
    gc.collect()
    start = time.perf_counter()
    queries = env.cr.sql_log_count  # noqa: F821
    partners = Partner.create(vals)
    env.flush_all()  # noqa: F821
    elapsed = time.perf_counter() - start
    coded = sum(1 for p in partners if p.client_code)
    return elapsed, env.cr.sql_log_count - queries, coded  # noqa: F821


run(True, "warm-up")  # the year's range and the caches exist from here on
results = {False: [], True: []}
for round_ in range(5):
    for auto in (False, True):
        results[auto].append(run(auto, f"r{round_}-{auto}"))
off = min(r[0] for r in results[False])
on = min(r[0] for r in results[True])
print(f"client codes: {N} company partners in one create(), best of 5, on and off alternating")
print(f"  codes off: {off:.2f} s, {results[False][0][1]} queries, {results[False][0][2]} coded")
print(f"  codes on : {on:.2f} s, {results[True][0][1]} queries, {results[True][0][2]} coded")
print(f"  ratio on/off: {on / off:.3f} (target <= 1.2)")
env.cr.rollback()  # noqa: F821
