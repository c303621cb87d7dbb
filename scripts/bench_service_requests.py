# Run by `make bench` (BENCH=service_requests) inside `odoo shell` (``env`` is given).
# 100,000 service requests with 1,000,000 chatter messages inserted in SQL (the ORM
# would take an hour), then 1,000 incoming e-mails (real MIME, each with an attachment)
# fed through Odoo's mail gateway (mail.thread.message_process, the ORM, as the
# fetchmail cron does): new mails from known customers, from unknown senders, replies
# by In-Reply-To to an old message and mails quoting an old reference in the subject.
# Prints the total time against the 60 s target and the queries per mail by kind
# (bounded: they do not grow with the 100,000 cases). Nothing is kept.
import email.utils
import os
import statistics
import time
from datetime import UTC
from datetime import datetime
from email.message import EmailMessage

CASES = 100_000
MESSAGES_PER_CASE = 10
PARTNERS = 20_000
MAILS = 1_000
TARGET = 60.0
env = env  # noqa: F821 (given by odoo shell)
cr = env.cr
company = env.company
start_all = time.perf_counter()

# the customers read Chinese
env["res.lang"]._activate_lang("zh_CN")

# --- the mailbox: an alias domain and the company's team --------------------------------
domain = env["mail.alias.domain"].create({"name": "bench-suizhou.example"})
company.alias_domain_id = domain
team = env["cs.service.team"].create({"name": "Bench Service", "company_id": company.id, "alias_name": "kefu"})
alias_email = f"kefu@{domain.name}"

# --- customers, cases and messages in SQL ---------------------------------------------------
start = time.perf_counter()
cr.execute(
    """
    INSERT INTO res_partner (name, complete_name, email, email_normalized, company_id, active, is_company,
                             type, autopost_bills, lang, create_uid, write_uid, create_date, write_date)
    SELECT 'Bench store ' || g, 'Bench store ' || g, 'store' || g || '@bench-customers.example',
           'store' || g || '@bench-customers.example', %(company)s, true, true, 'contact', 'ask', 'zh_CN',
           %(uid)s, %(uid)s, now(), now()
      FROM generate_series(1, %(n)s) g
    RETURNING id
    """,
    {"company": company.id, "uid": env.uid, "n": PARTNERS},
)
partner_ids = [row[0] for row in cr.fetchall()]
cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [partner_ids])
cr.execute(
    """
    INSERT INTO cs_service_request (name, company_id, team_id, request_type, channel, partner_id,
                                    commercial_partner_id, email_from, subject, received_date, state,
                                    reply_due, reply_date, user_id, create_uid, write_uid, create_date, write_date)
    SELECT 'REQ/2025/' || lpad(g::text, 6, '0'), %(company)s, %(team)s,
           (ARRAY['inquiry', 'request'])[1 + g %% 2], (ARRAY['phone', 'email', 'visit', 'chat'])[1 + g %% 4],
           p.id, p.id, p.email, 'Bench question ' || g, t.received,
           (ARRAY['new', 'in_progress', 'answered', 'closed'])[1 + g %% 4],
           t.received + interval '24 hours',
           CASE WHEN g %% 4 >= 2 THEN t.received + (g %% 30) * interval '1 hour' END, %(uid)s,
           %(uid)s, %(uid)s, t.received, t.received
      FROM generate_series(1, %(n)s) g
      CROSS JOIN LATERAL (SELECT now() AT TIME ZONE 'UTC' - (g %% 730) * interval '1 day' AS received) t
      JOIN res_partner p ON p.id = (%(partners)s)[1 + g %% array_length(%(partners)s, 1)]
    """,
    {"company": company.id, "team": team.id, "partners": partner_ids, "uid": env.uid, "n": CASES},
)
comment = env.ref("mail.mt_comment").id
cr.execute(
    """
    INSERT INTO mail_message (model, res_id, message_type, subtype_id, body, author_id, email_from,
                              date, message_id, create_uid, write_uid, create_date, write_date)
    SELECT 'cs.service.request', r.id, (ARRAY['email', 'comment'])[1 + m %% 2], %(subtype)s,
           '<p>Bench message ' || m || ' of ' || r.name || '</p>', r.partner_id, r.email_from,
           r.received_date + m * interval '1 hour', '<bench-' || r.id || '-' || m || '@bench-customers.example>',
           %(uid)s, %(uid)s, r.received_date + m * interval '1 hour', r.received_date + m * interval '1 hour'
      FROM cs_service_request r
      CROSS JOIN generate_series(1, %(per_case)s) m
     WHERE r.company_id = %(company)s
    """,
    {"subtype": comment, "uid": env.uid, "per_case": MESSAGES_PER_CASE, "company": company.id},
)
for table in ("res_partner", "cs_service_request", "mail_message"):
    cr.execute(f"ANALYZE {table}")
env.invalidate_all()
cr.execute("SELECT count(*) FROM cs_service_request")
cases = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM mail_message WHERE model = 'cs.service.request'")
messages = cr.fetchone()[0]
print(
    f"service requests: {cases} cases and {messages} messages inserted in SQL in "
    f"{time.perf_counter() - start:.1f} s"
)

# --- 1,000 real MIME mails through the mail gateway ------------------------------------------
ATTACHMENT = b"%PDF-1.4\n" + b"0" * 20_000  # a 20 kB scan


def mime(number, sender, subject, in_reply_to=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = alias_email
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(datetime.now(UTC))
    message["Message-ID"] = f"<bench-in-{number}@bench-customers.example>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(f"请问第 {number} 批货什么时候到? When does delivery {number} arrive?")
    message.add_attachment(ATTACHMENT, maintype="application", subtype="pdf", filename=f"order-{number}.pdf")
    return message.as_bytes()


cr.execute("SELECT name, id FROM cs_service_request WHERE company_id = %s", [company.id])
case_ids = dict(cr.fetchall())
mails = []
for i in range(MAILS):
    kind = ("known", "known", "known", "known", "known", "known", "known", "unknown", "reply", "subject")[i % 10]
    case = 1 + (i * 97) % CASES
    partner_number = 1 + case % PARTNERS  # the case's customer (see the INSERT above)
    if kind == "known":
        raw = mime(i, f"store{1 + (i * 31) % PARTNERS}@bench-customers.example", f"Delivery question {i}")
    elif kind == "unknown":
        raw = mime(i, f"someone{i}@elsewhere.example", f"Question {i}")
    elif kind == "reply":
        raw = mime(
            i,
            f"store{partner_number}@bench-customers.example",
            "Re: your answer",
            in_reply_to=f"<bench-{case_ids[f'REQ/2025/{case:06d}']}-5@bench-customers.example>",
        )
    else:
        raw = mime(i, f"store{partner_number}@bench-customers.example", f"Re: REQ/2025/{case:06d} still waiting")
    mails.append((kind, raw))

# the fetchmail cron processes as the superuser and queues the outgoing mails for the mail cron
Thread = env["mail.thread"].sudo().with_context(mail_notify_force_send=False)
queries = {}
landed = {"new": 0, "existing": 0}
cr.execute("SELECT max(id) FROM cs_service_request")
last_old_id = cr.fetchone()[0]
start = time.perf_counter()
times = {}
load_before = os.getloadavg()[0]
cpu_start = time.process_time()
for kind, raw in mails:
    before, started = cr.sql_log_count, time.perf_counter()
    request_id = Thread.message_process(None, raw)
    times.setdefault(kind, []).append(time.perf_counter() - started)
    queries.setdefault(kind, []).append(cr.sql_log_count - before)
    landed["new" if request_id > last_old_id else "existing"] += 1
env.flush_all()
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
verdict = "OK" if elapsed < TARGET else "TOO SLOW"
print(
    f"  {MAILS} incoming e-mails (MIME, 20 kB attachment each) in {elapsed:.1f} s "
    f"({1000 * elapsed / MAILS:.0f} ms per mail) against the {TARGET:.0f} s target: {verdict}"
)
print(f"  of which {cpu:.1f} s of Odoo's own CPU time (the rest: PostgreSQL, the filestore, waiting for a core)")
print(
    f"  machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores "
    "(the time is wall-clock time: other processes slow it down)"
)
print(f"  landed on {landed['new']} new requests and {landed['existing']} existing ones")
for kind, counts in queries.items():
    print(
        f"  {kind:8s} ({len(counts)} mails): queries per mail min {min(counts)}, median "
        f"{statistics.median(counts):.0f}, max {max(counts)}; {1000 * statistics.median(times[kind]):.0f} ms median"
    )
print(f"  whole benchmark: {time.perf_counter() - start_all:.1f} s")
cr.rollback()
