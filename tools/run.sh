#!/usr/bin/env bash
# `make run`: bootstrap, then a demo database with the suite's addons and demo data, served on
# http://localhost:8069 (override with HTTP_PORT, DB). Log in as admin / admin.
# The addons are listed in tools/addons.txt; ADDONS (comma separated) overrides them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/bootstrap.sh"
# shellcheck disable=SC1091
source "$ROOT/.state/env"
# shellcheck source=tools/lib.sh
source "$ROOT/tools/lib.sh"
# wkhtmltopdf on patched Qt (company header and footer in PDFs), fetched by tools/bootstrap.sh
[ -x "$ROOT/.state/wkhtmltopdf/wkhtmltopdf" ] && export PATH="$ROOT/.state/wkhtmltopdf:$PATH"
DB="${DB:-crm_demo}"
PORT="${HTTP_PORT:-8069}"
ADDONS="${ADDONS:-$(suite_addons)}"
if ! psql -tAc "select 1 from pg_database where datname='$DB'" postgres | grep -q 1; then
  echo "[run] creating database $DB with the suite and demo data (a few minutes the first time)"
  createdb "$DB"
  # A Polish firm's demo: base first, then the main company made Polish (tools/demo_pl.py), then
  # l10n_pl alone (its chart of accounts and VAT are loaded for the company when that run ends),
  # then the suite, whose demo records need the company's sales journal.
  "$ROOT/tools/odoo.sh" -d "$DB" -i base --stop-after-init --log-level warn
  PYTHONPATH="$ODOO_ROOT" "$ODOO_PY" "$ROOT/tools/demo_pl.py" -d "$DB" --addons-path="$ADDONS_PATH" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --data-dir="$ROOT/.state/data" --log-level warn
  "$ROOT/tools/odoo.sh" -d "$DB" -i l10n_pl --stop-after-init --log-level warn
  "$ROOT/tools/odoo.sh" -d "$DB" -i "$ADDONS" --stop-after-init --log-level warn
  PYTHONPATH="$ODOO_ROOT" "$ODOO_PY" "$ROOT/tools/demo_pl.py" --taxes -d "$DB" --addons-path="$ADDONS_PATH" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --data-dir="$ROOT/.state/data" --log-level warn
else
  echo "[run] updating the suite's addons in $DB"
  # -i as well: an addon that joined the suite since (e.g. crm_reminders_timeline) gets installed
  "$ROOT/tools/odoo.sh" -d "$DB" -i "$ADDONS" -u "$ADDONS" --stop-after-init --log-level warn
fi
echo "[run] Odoo serves http://localhost:$PORT/odoo  (database $DB, login admin, password admin)"
exec "$ROOT/tools/odoo.sh" -d "$DB" --db-filter="^$DB\$" --http-port "$PORT"
