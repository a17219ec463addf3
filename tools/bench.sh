#!/usr/bin/env bash
# `make bench` / `make bench-NAME`: runs bench/bench_NAME.py (or, for "all", every benchmark through
# bench/harness.py) with Odoo's Python after the bootstrap. Each benchmark builds its own
# throwaway databases and prints RESULT lines (see bench/README.md). BENCH_SMOKE=1: tiny sizes,
# checks only (what `make test` runs).
# Usage: tools/bench.sh all [NAME...] | tools/bench.sh NAME [options of the benchmark]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?usage: tools/bench.sh all|NAME [options]}"
"$ROOT/tools/bootstrap.sh" >/dev/null
# shellcheck disable=SC1091
source "$ROOT/.state/env"
export PYTHONPATH="$ODOO_ROOT:$ROOT/bench${PYTHONPATH:+:$PYTHONPATH}" TZ=UTC
if [ "$name" = all ]; then
  exec "$ODOO_PY" "$ROOT/bench/harness.py" "${@:2}"
fi
[ -f "$ROOT/bench/bench_$name.py" ] || { echo "no benchmark bench/bench_$name.py" >&2; exit 2; }
exec "$ODOO_PY" "$ROOT/bench/bench_$name.py" "${@:2}"
