#!/usr/bin/env bash
# `make run`: bootstrap, then a demo database with all seven addons and demo data, served on
# http://localhost:8069 (override with HTTP_PORT, DB). Log in as admin / admin.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/tools/bootstrap.sh"
# shellcheck disable=SC1091
source "$ROOT/.state/env"
DB="${DB:-crm_demo}"
PORT="${HTTP_PORT:-8069}"
ADDONS=crm_reminders,crm_proforma,crm_offers,crm_recurring_invoice,crm_sms_gateway,crm_dunning,crm_mail_archive
if ! psql -tAc "select 1 from pg_database where datname='$DB'" postgres | grep -q 1; then
  echo "[run] creating database $DB with the suite and demo data (a few minutes the first time)"
  createdb "$DB"
  "$ROOT/tools/odoo.sh" -d "$DB" -i "$ADDONS" --stop-after-init --log-level warn
else
  echo "[run] updating the suite's addons in $DB"
  "$ROOT/tools/odoo.sh" -d "$DB" -u "$ADDONS" --stop-after-init --log-level warn
fi
echo "[run] Odoo serves http://localhost:$PORT/odoo  (database $DB, login admin, password admin)"
exec "$ROOT/tools/odoo.sh" -d "$DB" --db-filter="^$DB\$" --http-port "$PORT"
