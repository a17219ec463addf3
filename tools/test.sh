#!/usr/bin/env bash
# `make test`: the whole suite, unattended.
#   1. bootstrap (Debian packages, Odoo, .venv, PostgreSQL);
#   2. a fresh database; install our addons with --test-enable, running only their tests
#      (at_install and post_install); the log must hold no ERROR/WARNING line that is not
#      on tools/log-allowlist.txt, and every addon must have run tests;
#   3. the pytest suite in tests/ (a real Odoo HTTP server driven over JSON-RPC);
#   4. the benchmarks in smoke mode (BENCH_SMOKE=1: tiny sizes, their checks of correctness,
#      no timing claims), so that none can rot; their shared database is installed in the
#      background from the start, while steps 2 and 3 run;
#   5. lint: ruff and pylint-odoo's mandatory checks.
# Ends with the plain line "N passed, N failed" for the whole run; exits non-zero on any failure.
#
# Environment: ADDONS (comma separated, default the suite of tools/addons.txt) narrows step 2;
# SKIP_PYTEST=1 / SKIP_BENCH=1 / SKIP_LINT=1 skip steps 3 / 4 / 5 (for quick local loops only);
# step 4 runs only for the whole suite (no ADDONS given) unless BENCH_SMOKE=1 asks for it;
# KEEP_DB=1 keeps the test database; TEST_TAGS overrides --test-tags (e.g. /crm_offers:TestOffer).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CI="${CI:-}"

"$ROOT/tools/bootstrap.sh" || exit 2
# shellcheck disable=SC1091
source "$ROOT/.state/env"
# shellcheck source=tools/lib.sh
source "$ROOT/tools/lib.sh"
ADDONS_GIVEN="${ADDONS:-}"
ADDONS="${ADDONS:-$(suite_addons)}"
testrun() { "$ODOO_PY" "$ROOT/tools/testrun.py" "$@"; }

# Under CI, stop the project's own PostgreSQL cluster when the run ends: nothing is left running.
stop_own_cluster() {
  [ -n "${CRM_OWN_PGDATA:-}" ] || return 0
  local pg_ctl run_as=()
  pg_ctl="$(pg_bin)/pg_ctl"
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$pg_ctl" -D "$CRM_OWN_PGDATA" -m fast stop >/dev/null
}

# Step 4's shared benchmark database is installed in the background while steps 2 and 3 run (one
# install of every benchmark's addons and peers; the longest part of step 4 otherwise).
BENCH_BASE=""
BENCH_INSTALL_PID=""
if [ -z "${SKIP_BENCH:-}" ] && { [ -z "$ADDONS_GIVEN" ] || [ -n "${BENCH_SMOKE:-}" ]; }; then
  BENCH_BASE="bench_smoke_base_$$"
  # its own process group (setsid), so that an interrupted run ends the install with it
  PYTHONPATH="$ODOO_ROOT:$ROOT/bench" TZ=UTC setsid "$ODOO_PY" "$ROOT/bench/harness.py" --smoke \
    --install-only "$BENCH_BASE" >"$ROOT/.state/bench-install.log" 2>&1 &
  BENCH_INSTALL_PID=$!
fi
cleanup() {
  if [ -n "$BENCH_INSTALL_PID" ] && kill -0 "$BENCH_INSTALL_PID" 2>/dev/null; then
    kill -- "-$BENCH_INSTALL_PID" 2>/dev/null
    wait "$BENCH_INSTALL_PID" 2>/dev/null
  fi
  [ -z "$BENCH_BASE" ] || dropdb --if-exists --force "$BENCH_BASE" 2>/dev/null
  [ -z "$CI" ] || stop_own_cluster
}
trap cleanup EXIT

passed=0
failed=0
status=0
note() { printf '[test] %s\n' "$*"; }

# ------------------------------------------------------------------ 2. Odoo tests
DB="crm_test_$(date +%Y%m%d_%H%M%S)_$$"
LOG="$ROOT/.state/test-$DB.log"
TAGS="${TEST_TAGS:-$(echo "$ADDONS" | sed "s/\([a-z_]*\)/\/\1/g")}"
HTTP_PORT=$(free_port)
note "installing $ADDONS into fresh database $DB with their tests (log: ${LOG#"$ROOT"/})"
createdb "$DB" || exit 2
"$ROOT/tools/odoo.sh" -d "$DB" -i "$ADDONS" --test-enable --test-tags "$TAGS" \
  --stop-after-init --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --workers 0 \
  --max-cron-threads 0 --log-level info >"$LOG" 2>&1
odoo_rc=$?
report=$("$ODOO_PY" tools/check_log.py "$LOG" --addons "$ADDONS")
log_rc=$?
read -r total ofailed oerrors < <(echo "$report" | testrun odoo-counts)
passed=$((passed + total - ofailed - oerrors))
failed=$((failed + ofailed + oerrors))
echo "$report" | testrun odoo-per-addon
if [ $log_rc -ne 0 ] || [ $odoo_rc -ne 0 ]; then
  status=1
  note "Odoo run failed (exit $odoo_rc); problems:"
  echo "$report" | testrun odoo-problems
  [ $ofailed -eq 0 ] && [ $oerrors -eq 0 ] && failed=$((failed + 1))  # the log check itself
fi
[ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$DB"

# ------------------------------------------------------------------ 3. pytest
if [ -z "${SKIP_PYTEST:-}" ]; then
  note "pytest tests/"
  "$ODOO_PY" -m pytest -q -p no:cacheprovider tests --junitxml="$ROOT/.state/pytest.xml" 2>&1 | tail -25
  prc=${PIPESTATUS[0]}
  read -r ptotal pfailed < <(testrun junit-counts "$ROOT/.state/pytest.xml")
  passed=$((passed + ptotal - pfailed))
  failed=$((failed + pfailed))
  if [ "$prc" -ne 0 ]; then
    status=1
    [ "$pfailed" -eq 0 ] && failed=$((failed + 1))
  fi
fi

# ------------------------------------------------------------------ 4. benchmark smoke
if [ -n "$BENCH_BASE" ]; then
  note "benchmarks, smoke mode (log: .state/bench-smoke.log; their install: .state/bench-install.log)"
  if ! wait "$BENCH_INSTALL_PID"; then
    failed=$((failed + 1)); status=1
    tail -30 "$ROOT/.state/bench-install.log"
  elif "$ROOT/tools/bench.sh" all --smoke --base-db "$BENCH_BASE" >"$ROOT/.state/bench-smoke.log" 2>&1; then
    passed=$((passed + 1))
    grep -E '^(# installed|SMOKE|# [0-9]+ benchmark)' "$ROOT/.state/bench-install.log" "$ROOT/.state/bench-smoke.log" -h
  else
    failed=$((failed + 1)); status=1
    tail -30 "$ROOT/.state/bench-smoke.log"
  fi
  BENCH_INSTALL_PID=""
fi

# ------------------------------------------------------------------ 5. lint
if [ -z "${SKIP_LINT:-}" ]; then
  note "lint: ruff"
  if tools/lint.sh -q ruff; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); status=1
  fi
  note "lint: pylint-odoo mandatory checks"
  if tools/lint.sh -q pylint; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); status=1
  fi
fi

echo "$passed passed, $failed failed"
exit $status
