#!/usr/bin/env bash
# `make test`: the whole suite, unattended.
#   1. bootstrap (Debian packages, Odoo, .venv, PostgreSQL);
#   2. a fresh database; install our addons with --test-enable, running only their tests
#      (at_install and post_install); the log must hold no ERROR/WARNING line that is not
#      on tools/log-allowlist.txt, and every addon must have run tests;
#   3. the pytest suite in tests/ (a real Odoo HTTP server driven over JSON-RPC);
#   4. lint: ruff and pylint-odoo's mandatory checks.
# Ends with the plain line "N passed, N failed" for the whole run; exits non-zero on any failure.
#
# Environment: ADDONS (comma separated, default all seven) narrows step 2;
# SKIP_PYTEST=1 / SKIP_LINT=1 skip steps 3 / 4 (for quick local loops only);
# KEEP_DB=1 keeps the test database; TEST_TAGS overrides --test-tags (e.g. /crm_offers:TestOffer).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CI="${CI:-}"
ALL_ADDONS=crm_reminders,crm_proforma,crm_offers,crm_recurring_invoice,crm_sms_gateway,crm_dunning,crm_mail_archive
ADDONS="${ADDONS:-$ALL_ADDONS}"

"$ROOT/tools/bootstrap.sh" || exit 2
# shellcheck disable=SC1091
source "$ROOT/.state/env"

# Under CI, stop the project's own PostgreSQL cluster when the run ends: nothing is left running.
stop_own_cluster() {
  [ -n "${CRM_OWN_PGDATA:-}" ] || return 0
  local pg_ctl run_as=()
  pg_ctl="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl"
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$pg_ctl" -D "$CRM_OWN_PGDATA" -m fast stop >/dev/null
}
[ -n "$CI" ] && trap stop_own_cluster EXIT

passed=0
failed=0
status=0
note() { printf '[test] %s\n' "$*"; }

# ------------------------------------------------------------------ 2. Odoo tests
DB="crm_test_$(date +%Y%m%d_%H%M%S)_$$"
LOG="$ROOT/.state/test-$DB.log"
TAGS="${TEST_TAGS:-$(echo "$ADDONS" | sed "s/\([a-z_]*\)/\/\1/g")}"
HTTP_PORT=$("$ODOO_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
note "installing $ADDONS into fresh database $DB with their tests (log: ${LOG#"$ROOT"/})"
createdb "$DB" || exit 2
"$ROOT/tools/odoo.sh" -d "$DB" -i "$ADDONS" --test-enable --test-tags "$TAGS" \
  --stop-after-init --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --workers 0 \
  --max-cron-threads 0 --log-level info >"$LOG" 2>&1
odoo_rc=$?
report=$("$ODOO_PY" tools/check_log.py "$LOG" --addons "$ADDONS")
log_rc=$?
read -r total ofailed oerrors < <(echo "$report" | "$ODOO_PY" -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], r["failed"], r["errors"])')
passed=$((passed + total - ofailed - oerrors))
failed=$((failed + ofailed + oerrors))
echo "$report" | "$ODOO_PY" -c 'import json,sys; r=json.load(sys.stdin); [print(f"[test] {a}: {n} tests") for a, n in r["per_addon"].items()]'
if [ $log_rc -ne 0 ] || [ $odoo_rc -ne 0 ]; then
  status=1
  note "Odoo run failed (exit $odoo_rc); problems:"
  echo "$report" | "$ODOO_PY" -c 'import json,sys; r=json.load(sys.stdin); [print("   ", l) for l in r["bad_lines"]]; r["addons_without_tests"] and print("    addons without tests:", r["addons_without_tests"])'
  [ $ofailed -eq 0 ] && [ $oerrors -eq 0 ] && failed=$((failed + 1))  # the log check itself
fi
[ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$DB"

# ------------------------------------------------------------------ 3. pytest
if [ -z "${SKIP_PYTEST:-}" ]; then
  note "pytest tests/"
  "$ODOO_PY" -m pytest -q -p no:cacheprovider tests --junitxml="$ROOT/.state/pytest.xml" 2>&1 | tail -25
  prc=${PIPESTATUS[0]}
  read -r ptotal pfailed < <("$ODOO_PY" - "$ROOT/.state/pytest.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0, 1); sys.exit()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = sum(int(s.get("tests", 0)) - int(s.get("skipped", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
print(t, f)
EOF
)
  passed=$((passed + ptotal - pfailed))
  failed=$((failed + pfailed))
  if [ "$prc" -ne 0 ]; then
    status=1
    [ "$pfailed" -eq 0 ] && failed=$((failed + 1))
  fi
fi

# ------------------------------------------------------------------ 4. lint
if [ -z "${SKIP_LINT:-}" ]; then
  note "lint: ruff"
  if ruff check --quiet crm_* tests bench tools && ruff format --check --quiet crm_* tests bench tools; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); status=1
  fi
  note "lint: pylint-odoo mandatory checks"
  if pylint --rcfile=.pylintrc-mandatory crm_*; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); status=1
  fi
fi

echo "$passed passed, $failed failed"
exit $status
