# Run by `make bench` inside `odoo shell` (``env`` is given).
# Reconciling a 20,000-line bank result file against 20,000 agreements at the
# bank: seconds and SQL queries of the import (parse, bulk match, mark signed /
# failed, keep every line). Target: <= 15 s and <= 1 query per 100 lines.
# Nothing is kept (rollback at the end).
import base64
import time

from odoo.addons.customer_service_dept.models.cs_state_mixin import cs_transition
from odoo.addons.customer_service_dept.models.rules import luhn_complete
from odoo.addons.queue_job.job import Job

N = 20000
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
company = env.company
ccb = env.ref("customer_service_dept.res_bank_ccb")


start = time.perf_counter()
retailers = env["res.partner"].create(
    [
        {
            "name": f"Bench Retailer {i}",
            "is_company": True,
            "cs_is_retailer": True,
            "cs_retailer_code": f"B{i:08d}",
        }
        for i in range(N)
    ]
)
batch = env["cs.settlement.batch"].create({"bank_id": ccb.id, "company_id": company.id})
agreements = env["cs.settlement.agreement"].create(
    [
        {
            "partner_id": retailer.id,
            "company_id": company.id,
            "bank_id": ccb.id,
            "account_holder": retailer.name,
            "account_number": luhn_complete(f"622700{i:012d}"),
            "account_kind": "card",
            "transfer_number": f"88{i:08d}",
            "id_card_number": "11010519491231002X",
        }
        for i, retailer in enumerate(retailers)
    ]
)
with cs_transition("cs.settlement.agreement", "cs.settlement.batch"):  # fixture: skip the verification steps
    agreements.write({"state": "sent", "batch_id": batch.id, "sent_date": "2026-11-20"})
    batch.state = "sent"
env.flush_all()
print(f"e-settlement: {N} retailers and agreements at the bank created in {time.perf_counter() - start:.1f} s")

messages = ["客户代码与银行账号不对应", "客户不属于本单位", "其他错误"]
lines = ["转账银行编号,余额"]
for i in range(N):
    if i % 100 == 0:
        lines.append(f"UNKNOWN{i},10.00")  # kept as unmatched
    elif i % 20 == 1:
        lines.append(f"88{i:08d},{messages[i % 3]}")
    elif i % 50 == 7:
        lines.append(f"B{i:08d},-{i % 997}.50")  # by retailer code, negative balance
    else:
        lines.append(f"88{i:08d},{i % 9973}.25")
content = ("\n".join(lines) + "\n").encode("gbk")

accountant = env["res.users"].create(
    {
        "name": "Bench Accountant",
        "login": "bench_accountant",
        "group_ids": [(6, 0, env.ref("customer_service_dept.group_cs_settlement_accountant").ids)],
    }
)
wizard = (
    env["cs.settlement.import"]
    .with_user(accountant)
    .create({"file": base64.b64encode(content), "file_name": "bench.csv", "company_id": company.id})
)
env.flush_all()
env.invalidate_all()
queries = env.cr.sql_log_count
start = time.perf_counter()
# above the company's threshold (5,000 lines) the file is queued: the job is stored, then run here
# from its stored record as the job runner would (as the accountant, arguments read back from the database)
wizard.action_import()
stored = env["queue.job"].search([("method_name", "=", "_cs_import_job")], order="id desc", limit=1)
queued = time.perf_counter() - start
result = Job.load(env, stored.uuid).perform()
env.flush_all()
elapsed = time.perf_counter() - start
count = env.cr.sql_log_count - queries
print(f"  import of {N} lines: {elapsed:.2f} s, of which {queued:.2f} s to queue it (target <= 15 s)")
print(f"  SQL queries: {count}, {count / (N / 100):.2f} per 100 lines (target <= 1)")
print(f"  {result}")
print(f"  batch: {batch.signed_count} signed, {batch.failed_count} failed, {batch.pending_count} pending")
env.cr.rollback()
