#!/usr/bin/env bash
# The suite's lint, the one command behind `make lint` and step 4 of `make test`:
#   ruff    ruff check and ruff format --check (rules in .ruff.toml) over our Python;
#   pylint  pylint-odoo's mandatory checks (.pylintrc-mandatory) over the addons.
# Usage: tools/lint.sh [-q] [ruff] [pylint]   (no step named: both). Exits non-zero on a violation.
# Run after tools/bootstrap.sh (the tools live in .venv).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck disable=SC1091
[ -f "$ROOT/.state/env" ] && source "$ROOT/.state/env"
quiet=()
if [ "${1:-}" = "-q" ]; then quiet=(--quiet); shift; fi
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(ruff pylint)
PY_PATHS=(crm_* tests bench tools przypominacz)
rc=0
for step in "${steps[@]}"; do
  case "$step" in
    ruff)
      ruff check "${quiet[@]}" "${PY_PATHS[@]}" && ruff format --check "${quiet[@]}" "${PY_PATHS[@]}" || rc=1 ;;
    pylint)
      pylint --rcfile=.pylintrc-mandatory crm_* || rc=1 ;;
    *)
      echo "usage: tools/lint.sh [-q] [ruff] [pylint]" >&2; exit 2 ;;
  esac
done
exit $rc
