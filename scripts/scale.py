"""`make scale`: the addon on a PostgreSQL primary with a streaming replica, under Odoo workers.

Run by scripts/cs.sh (``scale``), which passes the Odoo tree, the addons path and the template database in the
environment. On this one machine it

1. creates two PostgreSQL 15 clusters with Debian's tools on free ports: a primary (wal_level=replica, a
   replication entry in pg_hba, pg_stat_statements) and a streaming replica made with ``pg_basebackup -R``;
2. copies the template database (Odoo's dependencies installed) onto the primary, installs the addon there and
   fills it in SQL (scripts/scale_fill.py: retailers, complaints, stock moves, scraps, signing batches);
3. for each worker count (1, 2, 4) starts Odoo with ``--workers=N --max-cron-threads=1``, the replica
   (``--db_replica_host/--db_replica_port``) and queue_job's job runner (server_wide_modules), then fires a
   bounded load from several client processes over JSON-RPC, as the roles' own users: clerks register
   complaints, create retailers (automatic client code) and assign client codes; accountants import the bank's
   result files (one large enough to be queued for the job runner); managers open the analyses
   (web_read_group) and the complaint list;
4. checks that nothing was lost or duplicated (complaint references, client codes, bank results applied once,
   the queued import done) and that the analyses were answered by the replica (pg_stat_statements of each
   cluster), and prints throughput and latency percentiles per call type and worker count.

Everything it started (Odoo servers, both clusters, the data and filestore) is stopped and removed at the
end, on failure and on Ctrl-C too. Exit status 1 when a check fails.

Environment: SCALE=small (default) or province; SCALE_WORKERS="1 2 4"; SCALE_SECONDS (load per worker
count); SCALE_CLERKS / SCALE_ACCOUNTANTS / SCALE_MANAGERS (client processes per role).
"""

import base64
import http.cookiejar
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor

import psycopg2

PG_VERSION = os.environ.get("SCALE_PG_VERSION", "15")
PG_BIN = f"/usr/lib/postgresql/{PG_VERSION}/bin"
SOCKET_DIR = "/var/run/postgresql"
ADDON = "customer_service_dept"
SIZES = {
    # retailers, complaints, stock moves, scraps, agreements per run
    "small": (20_000, 50_000, 100_000, 5_000, 2_000),
    "province": (200_000, 1_000_000, 2_000_000, 100_000, 20_000),
}
SCALE = os.environ.get("SCALE", "small")
WORKERS = [int(w) for w in os.environ.get("SCALE_WORKERS", "1 2 4").split()]
SECONDS = float(os.environ.get("SCALE_SECONDS", "25"))
CLIENTS = {
    "clerk": int(os.environ.get("SCALE_CLERKS", "3")),
    "accountant": int(os.environ.get("SCALE_ACCOUNTANTS", "2")),
    "manager": int(os.environ.get("SCALE_MANAGERS", "3")),
}
JOB_LINES = 500  # a result file of more lines is imported by a queued job (company setting)
SMALL_FILE = 25  # lines of an accountant's ordinary result file
ANALYSES = {
    # call type: (model, group-by, aggregates), as the manager's pivot views ask
    "analysis complaints": ("cs.complaint.report", ["category_id", "received_date:month"], ["__count"]),
    "analysis stock moves": ("stock.move", ["product_id", "date:month"], ["__count", "quantity:sum"]),
    "analysis damage": ("cs.damage.analysis", ["reason_id", "kind"], ["__count"]),
}
# the analyses' grouped SELECTs, by call type (pg_stat_statements of each cluster shows which one answered)
ANALYSIS_QUERIES = {
    "analysis complaints": "query ILIKE 'select%cs_complaint_report%group by%'",
    "analysis damage": "query ILIKE 'select%cs_damage_analysis%group by%'",
    "analysis stock moves": (
        """query ILIKE 'select "stock_move"."product_id", count(*), sum("stock_move"."quantity")%'"""
    ),
}
STARTED = []  # (kind, handle) of everything to stop, newest last


def say(message):
    print(f"[scale] {message}", flush=True)


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


def as_postgres(cmd):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return ["sudo", "-u", "postgres", *cmd]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(port, sql, db="postgres", user=None):
    cmd = ["psql", "-h", SOCKET_DIR, "-p", str(port), "-d", db, "-XAtqc", sql]
    if user == "postgres":
        cmd = as_postgres(cmd)
    return run(cmd, capture_output=True, text=True).stdout.strip()


# ------------------------------------------------------------------ clean-up (always)
def cleanup():
    while STARTED:
        kind, handle = STARTED.pop()
        try:
            if kind == "server":
                stop_server(handle)
            elif kind == "cluster":
                say(f"dropping cluster {PG_VERSION}/{handle}")
                run(["pg_dropcluster", "--stop", PG_VERSION, handle], check=False, capture_output=True)
            elif kind == "dir":
                shutil.rmtree(handle, ignore_errors=True)
        except Exception as error:
            say(f"clean-up of {kind} {handle} failed: {error}")


def on_signal(signum, _frame):
    raise SystemExit(f"stopped by signal {signum}")


# ------------------------------------------------------------------ the two clusters
def create_clusters(tag):
    primary, replica = f"cs_scale_{tag}_primary", f"cs_scale_{tag}_replica"
    pport, rport = free_port(), free_port()
    options = [
        "-o", "wal_level=replica",
        "-o", "max_wal_senders=5",
        "-o", "hot_standby=on",
        "-o", "shared_preload_libraries=pg_stat_statements",
        "-o", "pg_stat_statements.max=10000",
        "-o", "max_connections=200",
        "-o", "unix_socket_directories=" + SOCKET_DIR,
    ]  # fmt: skip
    say(f"creating PostgreSQL {PG_VERSION} primary {primary} on port {pport}")
    STARTED.append(("cluster", primary))
    run(["pg_createcluster", PG_VERSION, primary, "-p", str(pport), *options], capture_output=True)
    hba = f"/etc/postgresql/{PG_VERSION}/{primary}/pg_hba.conf"
    with open(hba, "a", encoding="utf-8") as f:
        f.write("\n# make scale: the streaming replica connects over the local socket\n")
        f.write("local   replication     postgres                                peer\n")
    run(["pg_ctlcluster", PG_VERSION, primary, "start"])
    me = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    psql(pport, f'CREATE ROLE "{me}" SUPERUSER LOGIN', user="postgres")

    say(f"creating the streaming replica {replica} on port {rport} (pg_basebackup -R)")
    STARTED.append(("cluster", replica))
    run(["pg_createcluster", PG_VERSION, replica, "-p", str(rport), *options], capture_output=True)
    data = f"/var/lib/postgresql/{PG_VERSION}/{replica}"
    shutil.rmtree(data)
    run(
        as_postgres(
            [f"{PG_BIN}/pg_basebackup", "-h", SOCKET_DIR, "-p", str(pport), "-U", "postgres", "-D", data,
             "-R", "-X", "stream", "-c", "fast"]
        ),
        capture_output=True,
    )  # fmt: skip
    run(["pg_ctlcluster", PG_VERSION, replica, "start"])
    for _ in range(30):
        if psql(pport, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "1":
            break
        time.sleep(1)
    else:
        raise SystemExit("the replica does not stream from the primary (pg_stat_replication is empty)")
    if psql(rport, "SELECT pg_is_in_recovery()") != "t":
        raise SystemExit(f"{replica} is not a standby")
    return pport, rport


# ------------------------------------------------------------------ Odoo
def odoo_cmd(data_dir, pport, *args, command=()):
    return [
        sys.executable, os.path.join(os.environ["CS_ODOO_SRC"], "odoo-bin"), *command,
        f"--addons-path={os.environ['CS_ADDONS_PATH']}", f"--data-dir={data_dir}",
        f"--db_host={SOCKET_DIR}", f"--db_port={pport}", *args,
    ]  # fmt: skip


def prepare_database(db, data_dir, pport, sizes):
    template = os.environ["CS_TEMPLATE_DB"]
    start = time.perf_counter()
    say(f"copying template database {template} (Odoo's dependencies) onto the primary as {db}")
    psql(pport, f'CREATE DATABASE "{db}"')
    dump = subprocess.Popen(["pg_dump", "-d", template, "--no-owner"], stdout=subprocess.PIPE)
    run(["psql", "-h", SOCKET_DIR, "-p", str(pport), "-d", db, "-Xq", "-v", "ON_ERROR_STOP=1"],
        stdin=dump.stdout, stdout=subprocess.DEVNULL)  # fmt: skip
    if dump.wait() != 0:
        raise SystemExit("pg_dump of the template failed")
    psql(pport, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db=db)
    source = os.path.join(os.environ["CS_FILESTORE_ROOT"], template)
    if os.path.isdir(source):
        os.makedirs(os.path.join(data_dir, "filestore"), exist_ok=True)
        shutil.copytree(source, os.path.join(data_dir, "filestore", db))
    say(f"installing {ADDON} ({time.perf_counter() - start:.0f} s so far)")
    run(odoo_cmd(data_dir, pport, "-d", db, "-i", ADDON, "--without-demo", "--stop-after-init", "--no-http",
                 "--log-level=warn"))  # fmt: skip
    say(f"{ADDON} installed ({time.perf_counter() - start:.0f} s so far)")
    retailers, complaints, moves, scraps, agreements = sizes
    env = dict(
        os.environ,
        CS_SCALE_RETAILERS=str(retailers),
        CS_SCALE_COMPLAINTS=str(complaints),
        CS_SCALE_MOVES=str(moves),
        CS_SCALE_SCRAPS=str(scraps),
        CS_SCALE_AGREEMENTS=str(agreements),
        CS_SCALE_RUNS=str(len(WORKERS)),
        CS_SCALE_JOB_LINES=str(JOB_LINES),
        CS_SCALE_CLERKS=str(CLIENTS["clerk"]),
        CS_SCALE_ACCOUNTANTS=str(CLIENTS["accountant"]),
        CS_SCALE_MANAGERS=str(CLIENTS["manager"]),
    )
    say(f"filling in SQL ({SCALE}: {retailers} retailers, {complaints} complaints, {moves} stock moves, "
        f"{scraps} scraps, {len(WORKERS)} x {agreements} agreements at the bank)")  # fmt: skip
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "scale_fill.py"), "rb") as fill:
        shell = odoo_cmd(data_dir, pport, "-d", db, "--no-http", "--log-level=warn", command=["shell"])
        run(shell, stdin=fill, env=env)
    say(f"database ready in {time.perf_counter() - start:.0f} s")


def start_server(db, data_dir, pport, rport, workers, log):
    port, gevent_port = free_port(), free_port()
    conf = os.path.join(data_dir, "odoo-scale.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(
            "[options]\n"
            "server_wide_modules = base,rpc,web,queue_job\n"
            "[queue_job]\n"
            "channels = root:2,root.customer_service:1\n"
        )
    cmd = odoo_cmd(
        data_dir, pport, "-c", conf, "-d", db, f"--db-filter=^{db}$",
        f"--db_replica_host={SOCKET_DIR}", f"--db_replica_port={rport}",
        f"--workers={workers}", "--max-cron-threads=1", f"--http-port={port}", f"--gevent-port={gevent_port}",
        "--http-interface=127.0.0.1", "--limit-time-real=300", "--limit-time-cpu=120",
        "--limit-memory-soft=1610612736", "--limit-memory-hard=2147483648", "--log-level=warn",
        f"--logfile={log}",
    )  # fmt: skip
    env = dict(os.environ, PYTHONPATH=gevent_path(data_dir))
    server = subprocess.Popen(cmd, start_new_session=True, env=env)
    with open(os.path.join(data_dir, "server.pid"), "w", encoding="utf-8") as f:
        f.write(str(server.pid))  # for the trap of scripts/cs.sh, should this script be killed
    STARTED.append(("server", server))
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"Odoo stopped at start-up (see {log})")
        try:
            urllib.request.urlopen(f"{url}/web/login", timeout=5)
            warm_up(url, workers)
            return server, url
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    raise SystemExit(f"Odoo does not answer on {url} (see {log})")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    for kind, handle in list(STARTED):
        if kind == "server" and handle is server:
            STARTED.remove((kind, handle))


# ------------------------------------------------------------------ the clients (one process each)
class Client:
    def __init__(self, url, db, login):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.calls = []  # (call type, seconds, error name or None)
        self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": login})

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=300) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RpcError(data.get("name") or "error", data.get("message") or answer["error"].get("message"))
        return answer["result"]

    def call(self, kind, model, method, args, kwargs=None, button=False):
        path = "/web/dataset/call_button" if button else "/web/dataset/call_kw"
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
        start = time.perf_counter()
        try:
            result = self.rpc(f"{path}/{model}.{method}", params)
        except RpcError as error:
            self.calls.append((kind, time.perf_counter() - start, error.name))
            raise
        self.calls.append((kind, time.perf_counter() - start, None))
        return result


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def clerk(url, db, login, n, deadline, work):
    """Register complaints for retailers, create retailers (automatic client code), assign client codes."""
    client = Client(url, db, login)
    rng = random.Random(login)
    complaints, codes = [], []
    to_code = list(work["uncoded"])
    i = 0
    while time.time() < deadline:
        i += 1
        try:
            rows = client.call(
                "complaint create",
                "cs.complaint",
                "web_save",
                [[], {"partner_id": rng.choice(work["retailers"]), "channel": "phone",
                      "content": f"{login} complaint {i}", "category_id": rng.choice(work["categories"])}],
                {"specification": {"name": {}}},
            )  # fmt: skip
            complaints.append(rows[0]["name"])
            rows = client.call(
                "retailer create",
                "res.partner",
                "web_save",
                [[], {"name": f"{login} shop {i}", "is_company": True, "city": "Suizhou"}],
                {"specification": {"client_code": {}}},
            )
            codes.append(rows[0]["client_code"])
            if to_code:
                partner = to_code.pop()
                client.call("client code assign", "res.partner", "action_assign_client_code", [[partner]],
                            button=True)  # fmt: skip
                codes.append(client.call("client code read", "res.partner", "read", [[partner], ["client_code"]])[0]
                             ["client_code"])  # fmt: skip
        except RpcError:
            continue
    return {"calls": client.calls, "complaints": complaints, "codes": codes}


def csv_file(keys):
    lines = ["序号,零售客户代码,余额(元)"]
    for n, key in enumerate(keys, start=1):
        lines.append(f"{n},{key},{'其他错误' if n % 10 == 0 else f'{n * 3.25:.2f}'}")
    return base64.b64encode(("\n".join(lines) + "\n").encode()).decode()


def accountant(url, db, login, n, deadline, work):
    """Import the bank's result files of this accountant's share of the batch; the first one is large (queued)."""
    client = Client(url, db, login)
    files = [work["keys"][i : i + SMALL_FILE] for i in range(0, len(work["keys"]), SMALL_FILE)]
    if work.get("large"):
        files.insert(0, work["large"])
    imported, queued, busy = [], [], 0
    while files and time.time() < deadline:
        keys = files[0]
        try:
            wizard = client.call(
                "result file upload",
                "cs.settlement.import",
                "create",
                [[{"file": csv_file(keys), "file_name": f"{login}-{len(imported)}.csv"}]],
            )
            action = client.call("result import", "cs.settlement.import", "action_import", [wizard], button=True)
        except RpcError as error:
            if error.name == "odoo.exceptions.UserError" and "right now" in error.message:
                # another import of the company holds its lock: try again, as a person would (not an error)
                busy += 1
                kind, seconds, _error = client.calls.pop()
                client.calls.append(("result import: busy", seconds, None))
                time.sleep(0.3)
                continue
            raise
        files.pop(0)
        (queued if action.get("type") == "ir.actions.client" else imported).append(keys)
    return {"calls": client.calls, "imported": imported, "queued": queued, "busy": busy}


def manager(url, db, login, n, deadline, work):
    """Open the analyses (pivot: web_read_group) and the complaint list, in turn."""
    client = Client(url, db, login)
    kinds = [*ANALYSES, "complaint list"]
    i = n
    while time.time() < deadline:
        kind = kinds[i % len(kinds)]
        i += 1
        if kind == "complaint list":
            spec = {"name": {}, "partner_id": {"fields": {"display_name": {}}}, "stage_id": {}, "received_date": {}}
            client.call(kind, "cs.complaint", "web_search_read", [[], spec], {"limit": 80})
        else:
            model, groupby, aggregates = ANALYSES[kind]
            client.call(kind, model, "web_read_group", [[]], {"groupby": groupby, "aggregates": aggregates})
    return {"calls": client.calls}


ROLES = {"clerk": clerk, "accountant": accountant, "manager": manager}


def run_role(role, url, db, n, deadline, work):
    try:
        return role, ROLES[role](url, db, f"scale_{role}_{n}", n, deadline, work)
    except Exception as error:
        return role, {"calls": [], "failure": f"{role} {n}: {error}"}


# ------------------------------------------------------------------ one load run and its checks
def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def stat_statements(port, db):
    """Calls of each analysis' grouped SELECTs, from this cluster's pg_stat_statements."""
    conn = psycopg2.connect(host=SOCKET_DIR, port=port, dbname=db)
    try:
        with conn.cursor() as cr:
            counts = {}
            for kind, where in ANALYSIS_QUERIES.items():
                cr.execute(
                    "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    f"WHERE d.datname = current_database() AND {where}"
                )
                counts[kind] = int(cr.fetchone()[0])
            return counts
    finally:
        conn.close()


def gevent_path(data_dir):
    """PYTHONPATH for Odoo's gevent (websocket) process when this venv's pkg_resources misses a dependency.

    gevent loads its plugins through pkg_resources, which requires its dependencies by name; an old
    setuptools (65) in the venv does not see wheels whose metadata folder has the normalised name
    (zope_interface-8.7.dist-info), and the gevent process of ``--workers`` then dies at start, again and
    again. A metadata-only egg-info for each such package, on the path of the Odoo servers started here,
    lets pkg_resources find them; nothing in the venv changes. (A lasting fix: setuptools >= 70, < 81.)
    """
    import importlib.metadata

    import pkg_resources

    shim = os.path.join(data_dir, "pkg-shim")
    for name in ("zope.interface", "zope.event", "greenlet"):
        try:
            pkg_resources.get_distribution(name)
        except pkg_resources.DistributionNotFound:
            version = importlib.metadata.version(name)
            folder = os.path.join(shim, f"{name}-{version}.egg-info")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "PKG-INFO"), "w", encoding="utf-8") as f:
                f.write(f"Metadata-Version: 1.1\nName: {name}\nVersion: {version}\n")
    if not os.path.isdir(shim):
        return os.environ.get("PYTHONPATH", "")
    return os.pathsep.join(filter(None, [shim, os.environ.get("PYTHONPATH")]))


def warm_up(url, workers):
    """Every HTTP worker loads the registry on its first request: not what the figures measure."""
    from concurrent.futures import ThreadPoolExecutor

    def hit(_n):
        try:
            urllib.request.urlopen(f"{url}/web/login", timeout=120).read()
        except (urllib.error.URLError, OSError):
            pass

    for _ in range(3):
        with ThreadPoolExecutor(4 * workers) as pool:
            list(pool.map(hit, range(4 * workers)))


def load_run(db, data_dir, pport, rport, workers, run_no, sizes):
    conn = psycopg2.connect(host=SOCKET_DIR, port=pport, dbname=db)
    conn.autocommit = True
    cr = conn.cursor()
    cr.execute("SELECT id FROM res_partner WHERE cs_retailer_code LIKE 'S%' ORDER BY id LIMIT 1000")
    retailers = [r for (r,) in cr.fetchall()]
    cr.execute("SELECT id FROM cs_complaint_category")
    categories = [r for (r,) in cr.fetchall()]
    # retailers without a code and outside the signing batches: the clerks' "Assign" work, disjoint per clerk
    cr.execute(
        "SELECT id FROM res_partner WHERE cs_retailer_code LIKE 'S%%' AND client_code IS NULL "
        "AND id NOT IN (SELECT partner_id FROM cs_settlement_agreement) ORDER BY id DESC LIMIT %s",
        [CLIENTS["clerk"] * 200],
    )
    uncoded = [r for (r,) in cr.fetchall()]
    # this run's signing batch (scripts/scale_fill.py made one per run)
    cr.execute(
        "SELECT transfer_number FROM cs_settlement_agreement WHERE state = 'sent' AND batch_id = "
        "(SELECT id FROM cs_settlement_batch ORDER BY id OFFSET %s LIMIT 1) ORDER BY transfer_number",
        [run_no],
    )
    keys = [k for (k,) in cr.fetchall()]
    cr.execute("SELECT max(id) FROM cs_complaint")
    first_complaint = cr.fetchone()[0]
    cr.execute("SELECT max(id) FROM cs_settlement_result")
    first_result = cr.fetchone()[0] or 0
    cr.execute("SELECT max(id) FROM queue_job")
    first_job = cr.fetchone()[0] or 0
    for port in (pport, rport):
        psql(port, "SELECT pg_stat_statements_reset()", db=db)

    log = os.path.join(data_dir, f"odoo-workers-{workers}.log")
    server, url = start_server(db, data_dir, pport, rport, workers, log)
    say(f"workers={workers}: Odoo on {url} (replica port {rport}, queue_job runner, cron worker); "
        f"load for {SECONDS:.0f} s from {sum(CLIENTS.values())} client processes")  # fmt: skip
    large, keys = keys[: JOB_LINES + 100], keys[JOB_LINES + 100 :]
    jobs = []
    for n in range(1, CLIENTS["clerk"] + 1):
        jobs.append(("clerk", n, {"retailers": retailers, "categories": categories,
                                  "uncoded": uncoded[(n - 1) :: CLIENTS["clerk"]]}))  # fmt: skip
    for n in range(1, CLIENTS["accountant"] + 1):
        work = {"keys": keys[(n - 1) :: CLIENTS["accountant"]], "large": large if n == 1 else None}
        jobs.append(("accountant", n, work))
    for n in range(1, CLIENTS["manager"] + 1):
        jobs.append(("manager", n, {}))
    deadline = time.time() + SECONDS
    start = time.perf_counter()
    with ProcessPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(run_role, *zip(*[(r, url, db, n, deadline, w) for r, n, w in jobs], strict=False)))
    elapsed = time.perf_counter() - start

    failures = [res["failure"] for _role, res in results if res.get("failure")]
    calls = [c for _role, res in results for c in res["calls"]]
    imported = [k for role, res in results if role == "accountant" for k in res["imported"]]
    queued = [k for role, res in results if role == "accountant" for k in res["queued"]]
    # the queued import: wait for queue_job's runner to have run it; while another import of the company held
    # its lock the job was put back for 60 s (RetryableJobError), so this may take a few minutes
    for _ in range(240):
        cr.execute(
            "SELECT count(*) FILTER (WHERE state <> 'done'), count(*), string_agg(DISTINCT state, ', ') "
            "FROM queue_job WHERE id > %s AND method_name = '_cs_import_job'",
            [first_job],
        )
        pending, total_jobs, job_states = cr.fetchone()
        if not pending:
            break
        time.sleep(1)
    stop_server(server)

    checks = []

    def check(ok, text):
        checks.append((ok, text))

    # complaints: every reference a clerk was given is stored once, and no reference twice
    given = [ref for role, res in results if role == "clerk" for ref in res["complaints"]]
    cr.execute("SELECT name FROM cs_complaint WHERE id > %s", [first_complaint])
    stored = [name for (name,) in cr.fetchall()]
    cr.execute("SELECT count(*) - count(DISTINCT name) FROM cs_complaint")
    dup_refs = cr.fetchone()[0]
    numbers = sorted(int(ref.rsplit("/", 1)[1]) for ref in stored if ref.rsplit("/", 1)[-1].isdigit())
    gaps = (numbers[-1] - numbers[0] + 1 - len(numbers)) if numbers else 0
    check(
        sorted(given) == sorted(stored) and dup_refs == 0,
        f"complaints: {len(given)} registered, {len(stored)} stored, {dup_refs} duplicate references "
        f"({gaps} numbers skipped by retried transactions: the sequence is not gapless, no rule asks it)",
    )
    # client codes: each code handed out is stored once; no code twice in the company
    codes = [c for role, res in results if role == "clerk" for c in res["codes"]]
    cr.execute(
        "SELECT count(*) FILTER (WHERE client_code = ANY(%s)), count(*) - count(DISTINCT (client_code, company_id)) "
        "FROM res_partner WHERE client_code IS NOT NULL",
        [codes],
    )
    found, dup_codes = cr.fetchone()
    check(
        len(set(codes)) == len(codes) == found and dup_codes == 0 and all(codes),
        f"client codes: {len(codes)} assigned, {len(set(codes))} distinct, {found} stored, {dup_codes} duplicates",
    )
    # bank results: every line of an imported file applied once, nothing else applied
    sent_keys = [k for keys_ in imported + queued for k in keys_]
    cr.execute(
        "SELECT count(*) FILTER (WHERE outcome IN ('signed', 'failed')), "
        "count(DISTINCT agreement_id) FILTER (WHERE outcome IN ('signed', 'failed')) "
        "FROM cs_settlement_result WHERE id > %s",
        [first_result],
    )
    applied, applied_distinct = cr.fetchone()
    cr.execute(
        "SELECT count(*) FROM cs_settlement_agreement WHERE transfer_number = ANY(%s) AND state IN ('signed', "
        "'failed')",
        [sent_keys],
    )
    reconciled = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM cs_settlement_batch_line l JOIN cs_settlement_agreement a ON a.id = l.agreement_id "
        "WHERE a.transfer_number = ANY(%s) AND l.outcome = 'pending'",
        [sent_keys],
    )
    pending_lines = cr.fetchone()[0]
    check(
        applied == applied_distinct == reconciled == len(sent_keys) and pending_lines == 0,
        f"bank results: {len(imported)} files imported at once and {len(queued)} queued ({len(sent_keys)} lines),"
        f" {applied} results applied to {applied_distinct} agreements, {reconciled} agreements reconciled, "
        f"{pending_lines} batch lines left pending",
    )
    check(
        not pending and total_jobs == len(queued),
        f"queue_job: {total_jobs} import jobs, {pending} not done ({job_states or 'none'}; the runner runs inside"
        " the Odoo server)",
    )
    busy = sum(res.get("busy", 0) for role, res in results if role == "accountant")
    on_replica, on_primary = stat_statements(rport, db), stat_statements(pport, db)
    asked = {kind: sum(1 for c in calls if c[0] == kind and not c[2]) for kind in ANALYSIS_QUERIES}
    check(
        all(on_replica[k] >= asked[k] > 0 for k in asked) and not any(on_primary.values()),
        "replica: grouped queries of the analyses on the replica / on the primary / manager calls: "
        + ", ".join(f"{k.split(' ', 1)[1]} {on_replica[k]} / {on_primary[k]} / {asked[k]}" for k in asked),
    )
    check(not failures, "clients: " + ("; ".join(failures) if failures else "no client failed"))

    lines = [f"workers={workers}: {len(calls)} calls in {elapsed:.1f} s = {len(calls) / elapsed:.1f} calls/s; "
             f"{busy} imports found the company's import lock taken and were retried"]  # fmt: skip
    lines.append(f"  {'call':<22}{'n':>6}{'err':>5}{'/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in sorted({c[0] for c in calls}):
        times = [c[1] * 1000 for c in calls if c[0] == kind]
        errors = sum(1 for c in calls if c[0] == kind and c[2])
        lines.append(
            f"  {kind:<22}{len(times):>6}{errors:>5}{len(times) / elapsed:>8.1f}{percentile(times, 50):>9.0f}"
            f"{percentile(times, 95):>9.0f}{percentile(times, 99):>9.0f}"
        )
    errors = {}
    for kind, _seconds, error in calls:
        if error:
            errors[kind, error] = errors.get((kind, error), 0) + 1
    for (kind, error), count in sorted(errors.items()):
        lines.append(f"  errors of {kind}: {count} x {error}")
    for ok, text in checks:
        lines.append(f"  [{'ok' if ok else 'FAIL'}] {text}")
    cr.close()
    conn.close()
    return lines, all(ok for ok, _text in checks)


def main():
    if SCALE not in SIZES:
        raise SystemExit(f"SCALE={SCALE}: choose one of {', '.join(SIZES)}")
    for tool in ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found: make scale needs Debian's postgresql-common (apt install postgresql)")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    tag = os.environ.get("CS_SCALE_TAG") or str(os.getpid())
    data_dir = tempfile.mkdtemp(prefix=f"cs_scale_{tag}_")
    STARTED.append(("dir", data_dir))
    os.chmod(data_dir, 0o755)
    db = f"cs_scale_{tag}"
    begin = time.perf_counter()
    summary, ok = [], True
    try:
        pport, rport = create_clusters(tag)
        prepare_database(db, data_dir, pport, SIZES[SCALE])
        for run_no, workers in enumerate(WORKERS):
            lines, passed = load_run(db, data_dir, pport, rport, workers, run_no, SIZES[SCALE])
            ok = ok and passed
            summary += lines
            print("\n".join(lines), flush=True)
    except subprocess.CalledProcessError as error:
        ok = False
        say(f"FAILED: {' '.join(map(str, error.cmd))[:300]} exited with {error.returncode}")
        for stream in (error.stdout, error.stderr):
            if stream:
                print(stream if isinstance(stream, str) else stream.decode(errors="replace"), file=sys.stderr)
    finally:
        cleanup()
    print(f"\n[scale] summary ({SCALE} data, load {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores, "
          f"{time.perf_counter() - begin:.0f} s in all)")  # fmt: skip
    print("\n".join(summary))
    print(f"[scale] {'all checks passed' if ok else 'SOME CHECKS FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("interrupted: everything it started is stopped and removed")
        sys.exit(130)
