# Run by `make scale` (scripts/scale.py) inside `odoo shell` on the primary cluster (``env`` is given).
# Fills the scale database with a province's worth of data in SQL (INSERT ... SELECT, as the bench
# scripts do), and the users of the load: clerks (Customer Service), settlement accountants and
# managers, each with their login as password. Sizes come from the environment (scripts/scale.py sets
# them from SCALE=small|province). Committed at the end.
import os
import time

from odoo.addons.customer_service_dept.models.rules import luhn_complete
from odoo.addons.customer_service_dept.scripts.bench_sql import copy_rows
from odoo.addons.customer_service_dept.scripts.bench_sql import send_batch

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))  # noqa: F821
cr = env.cr
company = env.company
RETAILERS = int(os.environ["CS_SCALE_RETAILERS"])
COMPLAINTS = int(os.environ["CS_SCALE_COMPLAINTS"])
MOVES = int(os.environ["CS_SCALE_MOVES"])
SCRAPS = int(os.environ["CS_SCALE_SCRAPS"])
AGREEMENTS = int(os.environ["CS_SCALE_AGREEMENTS"])  # per load run (one signing batch each)
RUNS = int(os.environ["CS_SCALE_RUNS"])
JOB_LINES = int(os.environ["CS_SCALE_JOB_LINES"])
USERS = {
    "clerk": (int(os.environ["CS_SCALE_CLERKS"]), "customer_service_dept.group_cs_user"),
    "accountant": (int(os.environ["CS_SCALE_ACCOUNTANTS"]), "customer_service_dept.group_cs_settlement_accountant"),
    "manager": (
        int(os.environ["CS_SCALE_MANAGERS"]),
        "customer_service_dept.group_cs_manager,stock.group_stock_user",
    ),
}


def say(message, start):
    print(f"[scale] {message} ({time.perf_counter() - start:.1f} s)", flush=True)


# ------------------------------------------------------------------ settings and users
company.cs_auto_client_code = True
company.cs_settlement_job_lines = JOB_LINES  # a larger result file is imported by a queued job
for role, (count, groups) in USERS.items():
    for n in range(1, count + 1):
        login = f"scale_{role}_{n}"
        env["res.users"].create(
            {
                "name": f"Scale {role} {n}",
                "login": login,
                "password": login,
                "tz": "Asia/Shanghai",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, [env.ref(g).id for g in groups.split(",")])],
            }
        )
env.flush_all()

# ------------------------------------------------------------------ retailers (no client code yet)
start = time.perf_counter()
template = env["res.partner"].create(
    {
        "name": "Scale Retailer 0",
        "is_company": True,
        "city": "Wuhan",
        "cs_is_retailer": True,
        "cs_retailer_code": "S000000000",
    }
)
env.flush_all()
cr.execute("UPDATE res_partner SET client_code = NULL WHERE id = %s", [template.id])
retailer_ids = [
    template.id,
    *copy_rows(
        cr,
        "res_partner",
        template.id,
        RETAILERS - 1,
        {
            "name": "'Scale Retailer ' || i",
            "complete_name": "'Scale Retailer ' || i",
            "cs_retailer_code": "'S' || lpad(i::text, 9, '0')",
            "client_code": "NULL",
        },
        returning=True,
    ),
]
cr.execute("ANALYZE res_partner")
say(f"{len(retailer_ids)} retailers", start)

# ------------------------------------------------------------------ complaints (as scripts/bench_complaints.py)
start = time.perf_counter()
stages = env["cs.complaint.stage"].search([])
categories = env["cs.complaint.category"].search([])
cr.execute(
    """
    INSERT INTO cs_complaint (name, company_id, partner_id, channel, received_date, content, category_id,
                              severity, stage_id, stage_kind, validity, escalation_level, reply_due,
                              solution_due, callback_due, reply_date, user_id,
                              create_uid, write_uid, create_date, write_date)
    SELECT 'SCALE/' || g, %(company)s, (%(partners)s)[1 + g %% array_length(%(partners)s, 1)],
           (ARRAY['phone', 'email', 'visit', 'chat', 'letter', 'other'])[1 + g %% 6],
           t.received, 'Scale complaint ' || g, (%(categories)s)[1 + g %% array_length(%(categories)s, 1)],
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
        "partners": retailer_ids[:1000],
        "categories": categories.ids,
        "stages": stages.ids,
        "uid": env.uid,
        "n": COMPLAINTS,
    },
)
cr.execute("ANALYZE cs_complaint")
say(f"{COMPLAINTS} complaints", start)

# ------------------------------------------------------------------ stock moves and scraps over twelve months
start = time.perf_counter()
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
customers = env.ref("stock.stock_location_customers")
products = env["product.product"].create(
    [{"name": f"Scale product {i}", "is_storable": True, "standard_price": 3.5} for i in range(50)]
)
for product in products:
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100000)
move = env["stock.move"].create(
    {
        "product_id": products[0].id,
        "product_uom_qty": 1,
        "product_uom": products[0].uom_id.id,
        "location_id": warehouse.lot_stock_id.id,
        "location_dest_id": customers.id,
        "company_id": company.id,
    }
)
move._action_confirm()
move._action_assign()
move.picked = True
move._action_done()
env.flush_all()
day = "(TIMESTAMP '2026-01-01 02:00' + mod(i - 1, 365) * INTERVAL '1 day')"
copy_rows(
    cr,
    "stock_move",
    move.id,
    MOVES - 1,
    {
        "product_id": "(%(products)s::int[])[1 + i %% 50]",
        "product_uom_qty": "1 + i %% 7",
        "product_qty": "1 + i %% 7",
        "quantity": "1 + i %% 7",
        "date": day,
        "create_date": day,
    },
    {"products": products.ids},
)
cr.execute("ANALYZE stock_move")
say(f"{MOVES} done stock moves", start)

start = time.perf_counter()
damaged = warehouse.cs_damaged_location_id
if damaged and SCRAPS:
    env["stock.quant"]._update_available_quantity(products[0], damaged, 100000)
    scrap = env["stock.scrap"].create(
        {"product_id": products[0].id, "scrap_qty": 1, "location_id": damaged.id, "company_id": company.id}
    )
    env.flush_all()  # a draft scrap, copied as done ones (the approval flow is not what is measured here)
    copy_rows(
        cr,
        "stock_scrap",
        scrap.id,
        SCRAPS - 1,
        {
            "name": "'SCALE/SP/' || i",
            "state": "'done'",
            "product_id": "(%(products)s::int[])[1 + i %% 50]",
            "date_done": day,
            "create_date": day,
        },
        {"products": products.ids},
    )
    cr.execute("ANALYZE stock_scrap")
    say(f"{SCRAPS} scraps from the damaged-goods location", start)

# ------------------------------------------------------------------ one signing batch at the bank per load run
start = time.perf_counter()
ccb = env.ref("customer_service_dept.res_bank_ccb")
for run in range(RUNS):
    partners = retailer_ids[run * AGREEMENTS : (run + 1) * AGREEMENTS]
    agreement = env["cs.settlement.agreement"].create(
        {
            "partner_id": partners[0],
            "company_id": company.id,
            "bank_id": ccb.id,
            "account_holder": f"Scale Retailer {run}",
            "account_number": luhn_complete("622700000000000000"),
            "account_kind": "card",
            "transfer_number": f"8{run}00000000",
            "id_card_number": "11010519491231002X",
        }
    )
    batch = env["cs.settlement.batch"].create({"bank_id": ccb.id, "company_id": company.id})
    env.flush_all()
    copy_rows(
        cr,
        "cs_settlement_agreement",
        agreement.id,
        len(partners) - 1,
        {
            "partner_id": "(%(partners)s::int[])[i + 1]",
            "account_holder": "'Scale Retailer ' || i",
            "transfer_number": f"'8{run}' || lpad(i::text, 8, '0')",
            "state": "'sent'",
            "batch_id": str(batch.id),
            "sent_date": "'2026-11-20'::date",
        },
        {"partners": partners},
    )
    send_batch(cr, batch.id, agreement.id)
cr.execute("ANALYZE cs_settlement_agreement; ANALYZE cs_settlement_batch_line")
say(f"{RUNS} signing batches of {AGREEMENTS} agreements at the bank", start)
cr.commit()
