# Run by `make bench` inside `odoo shell` (``env`` is given).
# 200,000 done stock moves and 20,000 scraps over twelve months (plus 20,000
# return lines), written with SQL for speed; then each monthly analysis is
# read grouped by product and reason, and a month is exported as XLSX.
# Nothing is kept.
import time
from datetime import date

env = env  # noqa: F821 (given by odoo shell)
cr = env.cr
company = env.company
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
stock = warehouse.lot_stock_id.id
customers = env.ref("stock.stock_location_customers").id
scrap_location = (
    env["stock.location"].search([("usage", "=", "inventory"), ("company_id", "=", company.id)], limit=1).id
)
uom = env.ref("uom.product_uom_unit").id
products = env["product.product"].create([{"name": f"Bench product {i}", "is_storable": True} for i in range(200)])
partner = env["res.partner"].create({"name": "Bench customer", "is_company": True})
picking = env["stock.picking"].create(
    {
        "picking_type_id": warehouse.out_type_id.id,
        "partner_id": partner.id,
        "location_id": stock,
        "location_dest_id": customers,
    }
)
reasons = env["stock.scrap.reason.tag"].search([]).ids
return_reasons = env["cs.return.reason"].search([]).ids
pids = products.ids

start = time.perf_counter()
cr.execute(
    """
    INSERT INTO stock_move (company_id, product_id, product_uom, location_id, location_dest_id, procure_method,
                            product_uom_qty, quantity, product_qty, date, state, value)
    SELECT %s, (%s::int[])[1 + g %% 200], %s, %s, %s, 'make_to_stock', 1 + g %% 7, 1 + g %% 7, 1 + g %% 7,
           TIMESTAMP '2026-01-01' + (g %% 365) * INTERVAL '1 day', 'done', (1 + g %% 7) * 3.5
      FROM generate_series(1, 200000) g
    """,
    [company.id, pids, uom, stock, customers],
)
cr.execute(
    """
    WITH scraps AS (
        INSERT INTO stock_scrap (company_id, product_id, product_uom_id, location_id, scrap_location_id, name,
                                 scrap_qty, state, date_done, cs_damage_reason_id, cs_handling)
        SELECT %s, (%s::int[])[1 + g %% 200], %s, %s, %s, 'SP/' || g, 1 + g %% 5, 'done',
               TIMESTAMP '2026-01-01' + (g %% 365) * INTERVAL '1 day',
               (%s::int[])[1 + g %% %s], (ARRAY['destroy', 'supplier', 'discount'])[1 + g %% 3]
          FROM generate_series(1, 20000) g
        RETURNING id, company_id, product_id, product_uom_id, location_id, scrap_location_id, scrap_qty, date_done
    )
    INSERT INTO stock_move (company_id, product_id, product_uom, location_id, location_dest_id, procure_method,
                            product_uom_qty, quantity, product_qty, date, state, value, scrap_id)
    SELECT company_id, product_id, product_uom_id, location_id, scrap_location_id, 'make_to_stock',
           scrap_qty, scrap_qty, scrap_qty, date_done, 'done', -scrap_qty * 3.5, id
      FROM scraps
    """,
    [company.id, pids, uom, stock, scrap_location, reasons, len(reasons)],
)
cr.execute(
    """
    WITH reports AS (
        INSERT INTO cs_return_report (name, date, partner_id, user_id, company_id, state, picking_id, next_action)
        SELECT 'RR/BENCH/' || g, DATE '2026-01-01' + (g %% 365), %s, %s, %s, 'received', %s, 'Replace'
          FROM generate_series(1, 2000) g
        RETURNING id
    )
    INSERT INTO cs_return_report_line (report_id, product_id, product_uom_id, quantity, product_qty, received_qty,
                                       reason_id, price_unit, amount)
    SELECT reports.id, (%s::int[])[1 + (reports.id * 10 + k) %% 200], %s, 1 + k %% 4, 1 + k %% 4, 1 + k %% 4,
           (%s::int[])[1 + k %% %s], 12.0, (1 + k %% 4) * 12.0
      FROM reports, generate_series(1, 10) k
    """,
    [partner.id, env.uid, company.id, picking.id, pids, uom, return_reasons, len(return_reasons)],
)
cr.execute("ANALYZE stock_move, stock_scrap, cs_return_report, cs_return_report_line")
env.invalidate_all()
print(
    f"stock analyses: data written in {time.perf_counter() - start:.1f} s "
    "(200,000 done moves, 20,000 scraps, 20,000 return lines, 12 months)"
)
month = [("date", ">=", date(2026, 6, 1)), ("date", "<=", date(2026, 6, 30)), ("company_id", "=", company.id)]
for model in ("cs.damage.analysis", "cs.return.analysis"):
    timings = []
    for _ in range(3):
        env.invalidate_all()
        t0 = time.perf_counter()
        groups = env[model]._read_group(month, ["product_id", "reason_id"], ["quantity:sum", "amount:sum"])
        timings.append(time.perf_counter() - t0)
    print(
        f"  {model}: one month by product and reason: {min(timings) * 1000:.0f} ms (best of 3), "
        f"{len(groups)} groups, {sum(g[2] for g in groups):.0f} units (target < 1 s)"
    )
for analysis in ("damage", "return"):
    export = env["cs.stock.analysis.export"].create({"analysis": analysis, "date": date(2026, 6, 15)})
    env.invalidate_all()
    t0 = time.perf_counter()
    data = env["ir.actions.report"]._render_xlsx(
        "customer_service_dept.action_report_cs_stock_analysis_xlsx", export.ids, {}
    )[0]
    print(f"  XLSX export of a month ({analysis}): {time.perf_counter() - t0:.2f} s, {len(data)} bytes (target < 5 s)")
shipments = env["cs.stock.analysis.export"].create({"analysis": "shipment", "date": date(2026, 6, 15)})
t0 = time.perf_counter()
rows = shipments._rows()[0]
print(f"  daily shipment report of a day: {time.perf_counter() - t0:.2f} s, {len(rows)} rows")
cr.rollback()
