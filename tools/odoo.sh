#!/usr/bin/env bash
# Runs Odoo 18 (the tree tools/bootstrap.sh found) with the suite's addons path and database.
# Usage: tools/odoo.sh [odoo-bin options...]   e.g. tools/odoo.sh -d mydb -i crm_reminders
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/.state/env" ] || "$ROOT/tools/bootstrap.sh"
# shellcheck disable=SC1091
source "$ROOT/.state/env"
export TZ=UTC PYTHONPATH="$ODOO_ROOT${PYTHONPATH:+:$PYTHONPATH}"
exec "$ODOO_PY" -m odoo --addons-path="$ADDONS_PATH" \
  --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" \
  --data-dir="$ROOT/.state/data" "$@"
