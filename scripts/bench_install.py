# Run by `make bench` (BENCH=install) with the addon's Python, not inside `odoo shell`: it needs a
# database without the addon. scripts/cs.sh passes the template database (the addon's manifest
# `depends` installed with `-i ... --stop-after-init --without-demo`, see template_db in cs.sh) in
# CS_TEMPLATE_DB and the command that runs Odoo in CS_ODOO.
#
# A copy of that database gets BENCH_PARTNERS contacts (default 200,000) in SQL: one in ten a company,
# six in ten of the others a contact of one of them. Each partner's id and xmin (the id of the
# transaction that last wrote the row) are kept in a table; then
#   odoo -d <copy> -i customer_service_dept --stop-after-init
# is timed, and the partner rows whose xmin changed (rows the installation rewrote) are counted.
# Targets: under 60 s, 0 partner rows rewritten. The tables whose rows the installation updated are
# listed from PostgreSQL's statistics (n_tup_upd). The copy is dropped at the end.
import os
import shlex
import subprocess
import time

import psycopg2

PARTNERS = int(os.environ.get("BENCH_PARTNERS", 200_000))
TEMPLATE = os.environ["CS_TEMPLATE_DB"]
ODOO = shlex.split(os.environ["CS_ODOO"])
DB = f"cs_bench_install_{os.getpid()}"


def load():
    return f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"


def table_updates(cr):
    cr.execute("SELECT pg_stat_clear_snapshot()")
    cr.execute("SELECT relname, n_tup_upd FROM pg_stat_user_tables")
    return dict(cr.fetchall())


subprocess.run(["createdb", "-T", TEMPLATE, DB], check=True)
conn = None
try:
    conn = psycopg2.connect(dbname=DB)
    conn.autocommit = True
    cr = conn.cursor()
    start = time.perf_counter()
    companies = PARTNERS // 10
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, lang, tz, partner_share,
                                 autopost_bills, customer_rank, supplier_rank, email, phone, city,
                                 create_uid, write_uid, create_date, write_date)
        SELECT 'Bench retailer ' || g, 'Bench retailer ' || g, true, true, 'contact', 'zh_CN', 'Asia/Shanghai',
               true, 'ask', 1, 0, 'retailer' || g || '@example.com', '138' || lpad(g::text, 8, '0'), 'Kunming',
               1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(companies)s) g;
        UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL;
        WITH parents AS (
            SELECT array_agg(id ORDER BY id) AS ids FROM res_partner WHERE name LIKE 'Bench retailer %%'
        )
        INSERT INTO res_partner (name, complete_name, parent_id, commercial_partner_id, is_company, active, type,
                                 lang, tz, partner_share, autopost_bills, customer_rank, supplier_rank, email,
                                 phone, create_uid, write_uid, create_date, write_date)
        SELECT 'Bench contact ' || g,
               CASE WHEN p.parent IS NULL THEN 'Bench contact ' || g
                    ELSE 'Bench retailer ' || p.parent_number || ', Bench contact ' || g END,
               p.parent, p.parent, false, true, 'contact', 'zh_CN', 'Asia/Shanghai', true, 'ask',
               0, 0, 'contact' || g || '@example.com', '139' || lpad(g::text, 8, '0'), 1, 1,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM parents, generate_series(1, %(contacts)s) g
          CROSS JOIN LATERAL (
              SELECT CASE WHEN g %% 10 < 6 THEN parents.ids[1 + g %% %(companies)s] END AS parent,
                     1 + g %% %(companies)s AS parent_number
          ) p;
        UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL;
        """,
        {"companies": companies, "contacts": PARTNERS - companies},
    )
    # and one confirmed order per retailer: the addon adds stored fields to sale.order too
    cr.execute(
        """
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id, date_order,
                                picking_policy, state, currency_id, create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || p.id, 1, p.id, p.id, p.id, now() AT TIME ZONE 'UTC' - interval '1 day' * (p.id % 365),
               'direct', 'sale', (SELECT currency_id FROM res_company WHERE id = 1), 1, 1,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM res_partner p WHERE p.name LIKE 'Bench retailer %'
        """
    )
    cr.execute("VACUUM ANALYZE res_partner")
    cr.execute("VACUUM ANALYZE sale_order")
    cr.execute("CREATE TABLE bench_partner_xmin AS SELECT id, xmin::text::bigint AS written_by FROM res_partner")
    cr.execute("CREATE TABLE bench_order_xmin AS SELECT id, xmin::text::bigint AS written_by FROM sale_order")
    cr.execute("SELECT count(*), count(*) FILTER (WHERE is_company), count(parent_id) FROM res_partner")
    total, n_companies, n_children = cr.fetchone()
    print(
        f"install: {total:,} partners ({n_companies:,} companies, {n_children:,} contacts of a company) "
        f"written in {time.perf_counter() - start:.1f} s"
    )
    before = table_updates(cr)
    load_before = load()
    start = time.perf_counter()
    run = subprocess.run(
        [*ODOO, "-d", DB, "-i", "customer_service_dept", "--stop-after-init", "--without-demo", "--log-level=warn"],
        check=False,
    )
    took = time.perf_counter() - start
    if run.returncode:
        print(f"  installation FAILED (exit status {run.returncode})")
    time.sleep(1)  # the server's statistics reach pg_stat_user_tables when its connections close
    after = table_updates(cr)
    cr.execute(
        "SELECT count(*) FROM res_partner p JOIN bench_partner_xmin b ON b.id = p.id "
        "WHERE p.xmin::text::bigint <> b.written_by"
    )
    (rewritten,) = cr.fetchone()
    cr.execute(
        "SELECT p.name FROM res_partner p JOIN bench_partner_xmin b ON b.id = p.id "
        "WHERE p.xmin::text::bigint <> b.written_by AND p.name NOT LIKE 'Bench %%' ORDER BY p.id"
    )
    others = [name for (name,) in cr.fetchall()]
    cr.execute(
        "SELECT count(*), (SELECT count(*) FROM bench_order_xmin) FROM sale_order o"
        " JOIN bench_order_xmin b ON b.id = o.id WHERE o.xmin::text::bigint <> b.written_by"
    )
    orders_rewritten, orders = cr.fetchone()
    print(
        f"  -i customer_service_dept --stop-after-init on {total:,} partners: {took:.1f} s (target < 60 s; "
        f"{load_before} before, {load()} after)"
    )
    print(
        f"  partner rows rewritten by the installation: {rewritten:,} (target 0)"
        + (f", of which not bench contacts: {', '.join(others)}" if others else "")
    )
    print(f"  sale order rows rewritten by the installation: {orders_rewritten:,} of {orders:,} (target 0)")
    updated = sorted(
        ((name, after[name] - before.get(name, 0)) for name in after if after[name] - before.get(name, 0) >= 100),
        key=lambda item: -item[1],
    )
    print(
        "  tables with 100 rows or more updated during the installation: "
        + (", ".join(f"{name} {count:,}" for name, count in updated) or "none")
    )
finally:
    if conn:
        conn.close()
    subprocess.run(["dropdb", "--if-exists", DB], check=False)
