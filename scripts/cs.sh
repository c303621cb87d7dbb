#!/usr/bin/env bash
# Set-up and run helpers behind the Makefile: find Odoo 19, install what is
# missing, start PostgreSQL, run the tests, serve the demo.
set -euo pipefail

ADDON_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON=customer_service_dept
STATE_DIR="${CS_STATE_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/customer_service_dept}"
VENV="$STATE_DIR/venv"
PY="$VENV/bin/python"
# odoo.addons.<name> must resolve to this repository whatever its directory is called.
LINK_DIR="${CS_LINK_DIR:-$STATE_DIR/addons}"
DEMO_DB="${DEMO_DB:-cs_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"

say() { printf '\033[1m[cs]\033[0m %s\n' "$*" >&2; }
die() { printf '\n\033[1;31m[cs] ERROR:\033[0m %s\n\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "Debian packages ${missing[*]} are needed and apt-get is not available: install them by hand."
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

no_odoo() {
  die "No Odoo 19 found. Odoo 19 is not on the package registries: point ODOO_SRC at an Odoo 19.0 source tree (the folder holding odoo-bin, odoo/ and addons/), e.g. 'make setup ODOO_SRC=/path/to/odoo19', or make an 'odoo' 19.0 package importable by python3. 'make setup' remembers the tree in $STATE_DIR, so later runs (a fresh clone included) find it without the variable. Nothing was run."
}

# Where is Odoo? 1) ODOO_SRC  2) remembered from an earlier setup  3) an importable odoo package.
find_odoo_src() {
  if [ -n "${ODOO_SRC:-}" ]; then
    [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC holds no odoo/release.py: it must name the folder holding odoo-bin, odoo/ and addons/."
    echo "$ODOO_SRC"; return
  fi
  if [ -f "$STATE_DIR/odoo_src" ] && [ -f "$(cat "$STATE_DIR/odoo_src")/odoo/release.py" ]; then
    cat "$STATE_DIR/odoo_src"; return
  fi
  local p
  p=$(python3 -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)
  if [ -n "$p" ] && [ -f "$p/odoo/release.py" ]; then echo "$p"; return; fi
  echo ""
}

check_version() {
  local v
  v=$(sed -n 's/^version_info = (\([0-9]*\),.*/\1/p' "$1/odoo/release.py")
  [ "$v" = 19 ] || die "The Odoo tree at $1 is version $v, not 19."
}

# The OCA modules the manifest depends on: pinned, hashed wheels installed without
# dependency resolution (scripts/requirements-oca.txt says why), again whenever
# that file changes, so that a fresh clone on a set-up machine gets them too.
oca_sha() { sha1sum < "$ADDON_DIR/scripts/requirements-oca.txt" | cut -d' ' -f1; }
ensure_oca() {
  local stamp="$STATE_DIR/requirements-oca.sha" want; want=$(oca_sha)
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  say "installing the pinned OCA modules (scripts/requirements-oca.txt)"
  "$PY" -m pip install -q --no-deps --require-hashes -r "$ADDON_DIR/scripts/requirements-oca.txt"
  echo "$want" > "$stamp"
}

ensure_postgres() {
  if command -v pg_isready >/dev/null && pg_isready -q 2>/dev/null; then :; else
    if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql; fi
    local cluster
    cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1" "$2}')
    if [ -z "$cluster" ]; then apt_install postgresql; cluster=$(pg_lsclusters -h | awk 'NR==1{print $1" "$2}'); fi
    say "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster start || true
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    pg_isready -q || die "PostgreSQL does not answer (pg_isready) and could not be started: see /var/log/postgresql/."
  fi
  local me; me=$(id -un)
  if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    say "creating PostgreSQL role $me"
    as_root su postgres -c "psql -qc \"CREATE ROLE \\\"$me\\\" SUPERUSER LOGIN\"" >/dev/null 2>&1 || true
    psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 || die "Cannot connect to PostgreSQL as $me."
  fi
}

setup() {
  local src; src=$(find_odoo_src)
  [ -n "$src" ] || no_odoo
  src=$(cd "$src" && pwd)
  check_version "$src"
  # chromium: Odoo's browser tours (tests/test_tours.py) run in Debian's /usr/bin/chromium
  apt_install libldap2-dev libsasl2-dev libpq-dev wkhtmltopdf poppler-utils fonts-noto-cjk chromium
  mkdir -p "$STATE_DIR"
  local stamp="$STATE_DIR/requirements.sha"
  local want; want=$( (cat "$src/requirements.txt" "$ADDON_DIR/scripts/requirements-dev.txt"; echo "$src") | sha1sum | cut -d' ' -f1)
  if [ ! -x "$PY" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "creating the Python environment in $VENV (Odoo's requirements; a few minutes the first time)"
    python3 -m venv "$VENV"
    local cons="$STATE_DIR/pip-constraint.txt"
    echo 'setuptools<81' > "$cons"
    # One old sdist of Odoo's requirements (cbor2) still imports pkg_resources
    # in its build: setuptools<81 in pip's build environments too.
    export PIP_CONSTRAINT="$cons" PIP_BUILD_CONSTRAINT="$cons"
    "$PY" -m pip install -q -U wheel 'setuptools>=70,<81'
    "$PY" -m pip install -q -r "$src/requirements.txt"
    "$PY" -m pip install -q -r "$ADDON_DIR/scripts/requirements-dev.txt"
    echo "$want" > "$stamp"
    rm -f "$STATE_DIR/requirements-oca.sha"
  fi
  # Odoo's websocket (gevent) process of --workers needs setuptools 70 or later (the venv's own 65 makes it
  # die at start); an environment made before is upgraded once
  if ! "$PY" -c 'import sys, setuptools; sys.exit(int(setuptools.__version__.split(".")[0]) < 70)'; then
    "$PY" -m pip install -q -U 'setuptools>=70,<81'
  fi
  ensure_oca
  # Make `import odoo` find the tree, and remember it for later runs.
  local site; site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$src" > "$site/odoo19_src.pth"
  echo "$src" > "$STATE_DIR/odoo_src"
  ensure_postgres
}

addons_path() {
  local src; src=$(cat "$STATE_DIR/odoo_src")
  mkdir -p "$LINK_DIR"
  ln -sfn "$ADDON_DIR" "$LINK_DIR/$ADDON"
  echo "$src/addons,$src/odoo/addons,$LINK_DIR"
}

odoo() {
  local src; src=$(cat "$STATE_DIR/odoo_src")
  "$PY" "$src/odoo-bin" --addons-path="$(addons_path)" "$@"
}

ready() {
  # Every command but setup needs what setup installs; a fresh clone on a set-up machine has it.
  if [ ! -x "$PY" ] || [ ! -f "$STATE_DIR/odoo_src" ] || [ -n "${ODOO_SRC:-}" ]; then setup; else
    local src; src=$(find_odoo_src); [ -n "$src" ] || no_odoo
    ensure_oca
    ensure_postgres
  fi
}

filestore() { echo "${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore/$1"; }

# A copy of a database with its filestore (the attachments of the template's
# asset bundles live there; without them every test run logs missing files).
copy_db() {
  createdb -T "$1" "$2"
  rm -rf "$(filestore "$2")"
  if [ -d "$(filestore "$1")" ]; then cp -al "$(filestore "$1")" "$(filestore "$2")"; fi
}

# A database with the addon's dependencies installed (no demo data), copied for
# every test run so that a run installs only this addon.
template_db() {
  local deps; deps=$("$PY" -c "import ast; print(','.join(ast.literal_eval(open('$ADDON_DIR/__manifest__.py').read())['depends']))")
  local tpl; tpl="cs_tpl_$(echo "$deps $(cat "$STATE_DIR/odoo_src") $(oca_sha)" | sha1sum | cut -c1-10)"
  if [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname='$tpl'")" != 1 ]; then
    say "preparing template database $tpl with $deps (once per machine)"
    dropdb --if-exists "$tpl.tmp" >/dev/null 2>&1 || true
    odoo -d "$tpl.tmp" -i "$deps" --without-demo --stop-after-init --log-level=warn >&2
    psql -d postgres -qc "ALTER DATABASE \"$tpl.tmp\" RENAME TO \"$tpl\"" >&2
    rm -rf "$(filestore "$tpl")"
    [ -d "$(filestore "$tpl.tmp")" ] && mv "$(filestore "$tpl.tmp")" "$(filestore "$tpl")"
  fi
  echo "$tpl"
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cmd_test() {
  ready
  local db="cs_test_$$"
  local log="${TEST_LOG:-$STATE_DIR/test.log}"
  local tags="${TEST_TAGS:-/$ADDON}"
  # "/addon:TestA,TestB" means both classes of the addon (Odoo would read "TestB" as a tag)
  tags=$(echo "$tags" | sed -E 's/,([A-Z][A-Za-z0-9_]*)/,\/'"$ADDON"':\1/g')
  say "running the tests of $ADDON in throwaway database $db (log: $log)"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  copy_db "$(template_db)" "$db"
  trap 'dropdb --if-exists "'"$db"'" >/dev/null 2>&1 || true; rm -rf "'"$(filestore "$db")"'"' EXIT
  set +e
  odoo -d "$db" -i "$ADDON" --without-demo --test-enable --test-tags "$tags" \
       --stop-after-init --log-level=test --http-port="$(free_port)" 2>&1 | tee "$log" | \
       grep -E --line-buffered ' (ERROR|CRITICAL|WARNING) |FAIL:|^Traceback|Error:|odoo.tests.result' || true
  set -e
  "$PY" "$ADDON_DIR/scripts/test_summary.py" "$log"
}

cmd_demo() {
  ready
  if [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname='$DEMO_DB'")" = 1 ]; then
    say "database $DEMO_DB exists: updating $ADDON"
    odoo -d "$DEMO_DB" -u "$ADDON" --stop-after-init --log-level=warn
  else
    say "creating database $DEMO_DB with demo data and $ADDON"
    odoo -d "$DEMO_DB" -i "$ADDON" --with-demo --stop-after-init --log-level=warn
  fi
  if [ "${1:-}" = "--no-serve" ]; then return; fi
  local conf; conf=$(queue_job_conf)
  say "serving Odoo on http://localhost:$HTTP_PORT (login admin / admin) with the queue_job runner ($conf); Ctrl-C stops it"
  odoo -c "$conf" -d "$DEMO_DB" --http-port="$HTTP_PORT" --db-filter="^$DEMO_DB\$"
}

# The Odoo configuration file of the served demo: OCA queue_job loaded server-wide,
# so that its job runner starts inside the server and runs the queued jobs (large
# bank result imports, the scheduled actions' per-company jobs). Channels:
# CS_QUEUE_JOB_CHANNELS, or queue_job's own ODOO_QUEUE_JOB_CHANNELS, which wins.
queue_job_conf() {
  local conf="$STATE_DIR/odoo-$DEMO_DB.conf"
  cat > "$conf" <<CONF
; written by scripts/cs.sh demo (README "Background jobs"); edits are overwritten
[options]
; Odoo 19's default server-wide modules (base,rpc,web) and queue_job
server_wide_modules = base,rpc,web,queue_job

[queue_job]
channels = ${CS_QUEUE_JOB_CHANNELS:-root:2,root.customer_service:1}
CONF
  echo "$conf"
}

# Screenshots of every role's screens, as its demo user sees them (zh_CN):
# screenshots/<login>/NN-<menu>-list.png and -form.png, and a report.txt per role
# of what looked wrong (error dialogs, empty lists). Builds the demo database first
# when it does not exist; SCREENSHOT_ROLES picks some roles.
SCREENSHOT_ROLES="${SCREENSHOT_ROLES:-cs_user cs_manager accountant storekeeper salesperson ae_member ae_manager customer_manager market_director order_department}"
cmd_screenshots() {
  ready
  apt_install chromium
  "$PY" -c 'import playwright' 2>/dev/null || "$PY" -m pip install -q playwright
  if [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname='$DEMO_DB'")" != 1 ]; then
    cmd_demo --no-serve
  fi
  local port; port=$(free_port)
  local out="$ADDON_DIR/screenshots"
  local log="${SCREENSHOT_LOG:-$STATE_DIR/screenshots-server.log}"
  say "serving $DEMO_DB on port $port for the screenshots (log: $log)"
  # odoo-bin itself in the background (not the odoo function's subshell), so that $! is the server
  local src paths
  src=$(cat "$STATE_DIR/odoo_src")
  paths=$(addons_path)
  "$PY" "$src/odoo-bin" --addons-path="$paths" -d "$DEMO_DB" --http-port="$port" --db-filter="^$DEMO_DB\$" \
       --max-cron-threads=0 --log-level=warn >"$log" 2>&1 &
  local server=$!
  trap 'kill "'"$server"'" 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do
    "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/web/login', timeout=2)" \
      2>/dev/null && break
    sleep 1
  done
  local role
  for role in $SCREENSHOT_ROLES; do
    say "screenshots of $role"
    rm -rf "${out:?}/$role"
    ODOO_URL="http://127.0.0.1:$port" ODOO_LOGIN="$role" ODOO_PASSWORD="$role" \
      "$PY" "$ADDON_DIR/scripts/screenshot.py" "$out/$role" || say "screenshots of $role failed (see above)"
  done
  kill "$server" 2>/dev/null || true
  say "screenshots in $out/<role>/, problems seen in $out/<role>/report.txt"
}

cmd_lint() {
  ready
  addons_path >/dev/null  # pylint-odoo reads the addon under its technical name
  export CS_ADDONS_DIR="$LINK_DIR"
  cd "$ADDON_DIR"
  git rev-parse --git-dir >/dev/null 2>&1 || die "make lint needs a git checkout (pre-commit reads the tracked files)."
  PATH="$VENV/bin:$PATH" PRE_COMMIT_HOME="$STATE_DIR/pre-commit" \
    "$VENV/bin/pre-commit" run --all-files --show-diff-on-failure
}

cmd_i18n() {
  ready
  local db="cs_i18n_$$"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  createdb -T "$(template_db)" "$db"
  odoo -d "$db" -i "$ADDON" --stop-after-init --log-level=warn
  odoo i18n export -d "$db" "$ADDON"
  "$PY" "$ADDON_DIR/scripts/i18n_update.py" "$ADDON_DIR" "$(cat "$STATE_DIR/odoo_src")"
  dropdb "$db"
}

cmd_bench() {
  ready
  # One database with the addon installed, copied for each script, so that no
  # benchmark runs on what another one left behind (dead rows, statistics).
  local base="cs_bench_$$"
  dropdb --if-exists "$base" >/dev/null 2>&1 || true
  createdb -T "$(template_db)" "$base"
  odoo -d "$base" -i "$ADDON" --stop-after-init --log-level=warn
  for b in "$ADDON_DIR"/scripts/bench_${BENCH:-*}.py; do
    say "benchmark $(basename "$b")"
    if [ "$(basename "$b")" = bench_install.py ]; then
      # installs the addon itself, on a copy of the database of its dependencies only
      CS_TEMPLATE_DB="$(template_db)" CS_ODOO="bash $ADDON_DIR/scripts/cs.sh odoo" "$PY" "$b"
      continue
    fi
    createdb -T "$base" "${base}_run"
    odoo shell -d "${base}_run" --log-level=error --no-http < "$b"
    dropdb "${base}_run"
  done
  dropdb "$base"
}

# `make scale` (README "Deployment"): a PostgreSQL primary and a streaming replica as two extra local
# clusters, Odoo with workers, a cron worker, the replica and queue_job's runner, a bounded load of the roles'
# calls over JSON-RPC, checks and figures: scripts/scale.py. SCALE=province for the large data. Whatever it
# started is removed at the end, by scale.py and, should it be killed, by the trap here.
scale_leftovers() {
  local version name
  while read -r version name; do
    say "removing leftover cluster $version/$name"
    pg_dropcluster --stop "$version" "$name" || true
  done < <(pg_lsclusters -h 2>/dev/null | awk -v p="cs_scale_$1_" 'index($2, p) == 1 {print $1, $2}')
  local pidfile
  for pidfile in "${TMPDIR:-/tmp}/cs_scale_$1_"*/server.pid; do
    [ -f "$pidfile" ] && kill -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "${TMPDIR:-/tmp}/cs_scale_$1_"*
}
cmd_scale() {
  ready
  command -v pg_createcluster >/dev/null || apt_install postgresql
  local tpl src paths tag=$$
  tpl=$(template_db)
  src=$(cat "$STATE_DIR/odoo_src")
  paths=$(addons_path)
  # shellcheck disable=SC2064
  trap "scale_leftovers $tag" EXIT
  trap 'exit 130' INT TERM HUP
  say "make scale: primary + streaming replica, Odoo workers ${SCALE_WORKERS:-1 2 4}, data ${SCALE:-small}"
  CS_ODOO_SRC="$src" CS_ADDONS_PATH="$paths" CS_TEMPLATE_DB="$tpl" CS_SCALE_TAG="$tag" \
    CS_FILESTORE_ROOT="${XDG_DATA_HOME:-$HOME/.local/share}/Odoo/filestore" "$PY" "$ADDON_DIR/scripts/scale.py"
}

case "${1:-}" in
  setup) setup ;;
  test) cmd_test ;;
  demo) shift; cmd_demo "$@" ;;
  lint) cmd_lint ;;
  screenshots) cmd_screenshots ;;
  bench) cmd_bench ;;
  scale) cmd_scale ;;
  i18n) cmd_i18n ;;
  odoo) shift; ready; odoo "$@" ;;
  *) die "usage: $0 setup|test|demo|lint|bench|scale|screenshots|odoo ARGS" ;;
esac
