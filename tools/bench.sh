#!/usr/bin/env bash
# `make bench-NAME`: runs bench/bench_NAME.py with Odoo's Python after the bootstrap.
# Each benchmark builds its own throwaway database and prints RESULT lines (see bench/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?usage: tools/bench.sh NAME}"
"$ROOT/tools/bootstrap.sh"
# shellcheck disable=SC1091
source "$ROOT/.state/env"
export PYTHONPATH="$ODOO_ROOT:$ROOT${PYTHONPATH:+:$PYTHONPATH}" TZ=UTC
exec "$ODOO_PY" "$ROOT/bench/bench_$name.py" "${@:2}"
