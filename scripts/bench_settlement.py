# Run by `make bench` (BENCH=settlement for this one alone) inside `odoo shell` (``env`` is given).
# A province: 200,000 retailers with agreements at the bank, and the bank's 200,000-line answer as the
# balance query exports it (XLSX: two title rows, 序号 and 客户名称 columns, 零售客户代码 / 转账银行编号,
# 余额(元)). Prints the time, SQL queries and peak Python memory of the import (the workbook streamed from the
# filestore: its shared strings COPYed into a temporary table and looked up chunk by chunk, lines checked and
# stored chunk by chunk, matched and applied in SQL), where the time goes step by step, the peak memory of a
# file ten times smaller (memory must not grow with the file), and the raw-SQL floor: the same
# reconciliation as one SQL statement over the same lines already loaded (COPY).
# Targets: <= 15 s, <= 1 query per 100 lines. Nothing is kept (rollback at the end).
import base64
import collections
import functools
import io
import os
import resource
import time
import tracemalloc

import xlsxwriter

from odoo.addons.customer_service_dept.models.rules import luhn_complete
from odoo.addons.customer_service_dept.scripts.bench_sql import copy_rows
from odoo.addons.customer_service_dept.scripts.bench_sql import send_batch
from odoo.tools import SQL

N = 200_000
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
cr = env.cr
company = env.company
ccb = env.ref("customer_service_dept.res_bank_ccb")
MESSAGES = ["客户代码与银行账号不对应", "客户不属于本单位", "其他错误"]


# ------------------------------------------------------------------ the province (fixture, in SQL)
start = time.perf_counter()
template = env["res.partner"].create(
    {"name": "Bench Retailer 0", "is_company": True, "cs_is_retailer": True, "cs_retailer_code": "B000000000"}
)
agreement = env["cs.settlement.agreement"].create(
    {
        "partner_id": template.id,
        "company_id": company.id,
        "bank_id": ccb.id,
        "account_holder": "Bench Retailer 0",
        "account_number": luhn_complete("622700000000000000"),
        "account_kind": "card",
        "transfer_number": "8800000000",
        "id_card_number": "11010519491231002X",
    }
)
batch = env["cs.settlement.batch"].create({"bank_id": ccb.id, "company_id": company.id})
env.flush_all()
first_partner = template.id + 1
copy_rows(
    cr,
    "res_partner",
    template.id,
    N - 1,
    {
        "name": "'Bench Retailer ' || i",
        "complete_name": "'Bench Retailer ' || i",
        "cs_retailer_code": "'B' || lpad(i::text, 9, '0')",
        "client_code": "NULL",
    },
)
copy_rows(
    cr,
    "cs_settlement_agreement",
    agreement.id,
    N - 1,
    {
        "partner_id": f"{first_partner} + i - 1",
        "account_holder": "'Bench Retailer ' || i",
        "transfer_number": "'88' || lpad(i::text, 8, '0')",
        "state": "'sent'",
        "batch_id": str(batch.id),
        "sent_date": "'2026-11-20'::date",
    },
)
send_batch(cr, batch.id, agreement.id)
cr.execute("ANALYZE res_partner; ANALYZE cs_settlement_agreement; ANALYZE cs_settlement_batch_line")
env.invalidate_all()
cr.execute(SQL("SELECT count(*) FROM cs_settlement_agreement WHERE batch_id = %s", batch.id))
print(f"e-settlement: {cr.fetchone()[0]} retailers with agreements at the bank in {time.perf_counter() - start:.1f} s")


# ------------------------------------------------------------------ the bank's answer
def result_line(i):
    """(key, result) of agreement i: unknown keys, failures, keys by retailer code, negative balances."""
    if i % 100 == 0:
        return f"UNKNOWN{i}", 10.0  # kept as unmatched
    if i % 20 == 1:
        return f"88{i:08d}", MESSAGES[i % 3]
    if i % 50 == 7:
        return f"B{i:09d}", -(i % 997) - 0.5  # by retailer code
    return f"88{i:08d}", (i % 9973) + 0.25


def xlsx_file(count):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {"strings_to_numbers": False, "strings_to_formulas": False},  # texts in the shared strings table
    )
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["零售客户余额查询"])
    sheet.write_row(1, 0, ["查询日期: 2026-11-26"])
    sheet.write_row(2, 0, ["序号", "客户名称", "零售客户代码", "余额(元)"])
    for n, i in enumerate(range(count), start=1):
        key, value = result_line(i)
        sheet.write_row(n + 2, 0, [n, f"Bench Retailer {i}", key, value])
    book.close()
    return out.getvalue()


start = time.perf_counter()
content = xlsx_file(N)
print(f"  bank file: {N} lines, {len(content) / 1e6:.1f} MB XLSX, written in {time.perf_counter() - start:.1f} s")

accountant = env["res.users"].create(
    {
        "name": "Bench Accountant",
        "login": "bench_accountant",
        "group_ids": [(6, 0, env.ref("customer_service_dept.group_cs_settlement_accountant").ids)],
    }
)
company.cs_settlement_job_lines = 2 * N  # at once here; above the threshold a queued job runs the same _cs_import
env.flush_all()

# where the time goes: each step of the import timed (wrapped here, the addon is unchanged)
steps = collections.defaultdict(float)
memory = collections.defaultdict(float)  # peak Python memory (MB) while each step runs, when traced
overall = [0]  # the import's peak, kept across the steps' tracemalloc.reset_peak()


def timed(model, method, label):
    cls = type(env[model])
    original = getattr(cls, method)

    @functools.wraps(original)
    def wrapper(self, *args, **kwargs):
        tracing = tracemalloc.is_tracing()
        if tracing:
            overall[0] = max(overall[0], tracemalloc.get_traced_memory()[1])
            tracemalloc.reset_peak()
        begin = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            steps[label] += time.perf_counter() - begin
            if tracing:
                peak = tracemalloc.get_traced_memory()[1]
                overall[0] = max(overall[0], peak)
                memory[label] = max(memory[label], peak / 1e6)

    setattr(cls, method, wrapper)


for model, method, label in (
    ("cs.settlement.import", "_cs_count_lines", "count the lines (dimension of the sheet)"),
    ("cs.settlement.import", "_cs_copy_shared_strings", "COPY the shared strings into PostgreSQL"),
    ("cs.settlement.import", "_cs_load", "read, check and store the lines (shared strings and COPY included)"),
    ("cs.settlement.import", "_cs_store", "  of which: INSERT the checked lines (chunks of 5,000)"),
    ("cs.settlement.import", "_cs_match", "match (SQL)"),
    ("cs.settlement.import", "_cs_apply", "apply to agreements and batch lines (SQL UPDATEs)"),
    ("cs.settlement.import", "_cs_insert_results", "keep every line as a result line (SQL INSERT)"),
    ("cs.settlement.agreement", "_cs_schedule_requery", "next-day re-query activities of the failed ones (ORM)"),
    ("cs.settlement.batch", "_cs_close_if_reconciled", "close the reconciled batch"),
):
    timed(model, method, label)


def run_import(data, name, trace=False):
    """Import ``data`` as the accountant: (seconds, queries, peak MB, action); rolled back afterwards."""
    wizard = (
        env["cs.settlement.import"]
        .with_user(accountant)
        .create({"file": base64.b64encode(data), "file_name": name, "company_id": company.id})
    )
    env.flush_all()
    env.invalidate_all()
    cr.execute("SAVEPOINT bench_import")
    queries = cr.sql_log_count
    if trace:
        tracemalloc.start()
        tracemalloc.reset_peak()
        overall[0] = 0
        memory.clear()
    begin = time.perf_counter()
    action = wizard.action_import()
    env.flush_all()
    elapsed = time.perf_counter() - begin
    peak = max(overall[0], tracemalloc.get_traced_memory()[1]) / 1e6 if trace else 0.0
    if trace:
        tracemalloc.stop()
    count = cr.sql_log_count - queries
    return elapsed, count, peak, action


steps.clear()
elapsed, count, _peak, action = run_import(content, "bench.xlsx")
load = os.getloadavg()
print(
    f"  import of {N} lines: {elapsed:.2f} s (target <= 15 s; load average {load[0]:.1f} {load[1]:.1f} "
    f"{load[2]:.1f} on {os.cpu_count()} cores)"
)
for label, seconds in steps.items():
    print(f"    {seconds:6.2f} s  {label}")
print(f"  SQL queries: {count}, {count / (N / 100):.3f} per 100 lines (target <= 1)")
print(f"  {action['name']}")
batch.invalidate_recordset()
print(f"  batch: {batch.signed_count} signed, {batch.failed_count} failed, {batch.pending_count} pending")
cr.execute("ROLLBACK TO SAVEPOINT bench_import")
env.invalidate_all()

# the small file first: the process's resident high-water mark (C memory of lxml and psycopg2 included, which
# tracemalloc does not see) can only grow, so its growth during the large import is what the large file adds
small = xlsx_file(N // 10)
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
_t, _c, peak_small, _a = run_import(small, "bench-small.xlsx", trace=True)
rss_small = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
memory_small = dict(memory)
cr.execute("ROLLBACK TO SAVEPOINT bench_import")
env.invalidate_all()
_t, _c, peak_full, _a = run_import(content, "bench.xlsx", trace=True)
rss_full = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
memory_full = dict(memory)
cr.execute("ROLLBACK TO SAVEPOINT bench_import")
env.invalidate_all()
print(
    f"  peak Python memory of the import (tracemalloc; the file is read from the filestore as a stream): "
    f"{peak_full:.1f} MB for {N} lines, {peak_small:.1f} MB for {N // 10} lines"
)
for label, megabytes in memory_full.items():
    print(f"    {megabytes:6.1f} MB / {memory_small.get(label, 0.0):5.1f} MB  {label}")
print(
    f"  resident memory high-water mark: +{(rss_small - rss_before) / 1024:.1f} MB during the {N // 10}-line "
    f"import, then +{(rss_full - rss_small) / 1024:.1f} MB more during the {N}-line one"
)

# ------------------------------------------------------------------ the raw-SQL floor
csv_text = "".join(f"{n}\t{key}\t{value}\n" for n, (key, value) in enumerate(map(result_line, range(N)), 4))
begin = time.perf_counter()
cr.execute("CREATE TEMPORARY TABLE bench_lines (line_no int, key varchar, value varchar) ON COMMIT DROP")
cr.copy_expert("COPY bench_lines FROM STDIN", io.StringIO(csv_text))
cr.execute("ANALYZE bench_lines; SET LOCAL work_mem = '64MB'")  # as the import does
loaded = time.perf_counter() - begin
begin = time.perf_counter()
cr.execute(
    SQL(
        """WITH matched AS (
                SELECT l.line_no, l.key, l.value, COALESCE(a1.id, a2.id) AS agreement_id,
                       COALESCE(a1.batch_id, a2.batch_id) AS batch_id, COALESCE(a1.partner_id, p.id) AS partner_id,
                       CASE l.value WHEN %(m1)s THEN 'mismatch' WHEN %(m2)s THEN 'not_unit'
                                    WHEN %(m3)s THEN 'other' END AS reason
                  FROM bench_lines l
                  LEFT JOIN cs_settlement_agreement a1
                         ON a1.transfer_number = l.key AND a1.company_id = %(company)s AND a1.state = 'sent'
                  LEFT JOIN res_partner p ON p.cs_retailer_code = l.key
                  LEFT JOIN cs_settlement_agreement a2
                         ON a1.id IS NULL AND a2.partner_id = p.id AND a2.company_id = %(company)s
                        AND a2.state = 'sent'
           ), agreements AS (
                UPDATE cs_settlement_agreement a
                   SET state = CASE WHEN m.reason IS NULL THEN 'signed' ELSE 'failed' END,
                       failure_reason = m.reason, signed_date = CASE WHEN m.reason IS NULL THEN now()::date END
                  FROM matched m WHERE m.agreement_id = a.id
              RETURNING a.id, a.batch_id, a.state, a.failure_reason
           ), lines AS (
                UPDATE cs_settlement_batch_line bl SET outcome = u.state, failure_reason = u.failure_reason
                  FROM agreements u WHERE bl.agreement_id = u.id AND bl.batch_id = u.batch_id
           )
           INSERT INTO cs_settlement_result (import_ref, line_no, key, message, balance, reason, outcome,
                                             agreement_id, partner_id, batch_id, company_id)
           SELECT 'floor', line_no, key, value,
                  CASE WHEN reason IS NULL AND agreement_id IS NOT NULL THEN value::numeric ELSE 0 END,
                  reason,
                  CASE WHEN agreement_id IS NULL THEN 'unmatched' WHEN reason IS NULL THEN 'signed' ELSE 'failed' END,
                  agreement_id, partner_id, batch_id, %(company)s
             FROM matched""",
        m1=MESSAGES[0],
        m2=MESSAGES[1],
        m3=MESSAGES[2],
        company=company.id,
    )
)
floor = time.perf_counter() - begin
print(f"  raw-SQL floor (same reconciliation, one statement): {floor:.2f} s, plus {loaded:.2f} s to COPY the lines")
cr.rollback()
