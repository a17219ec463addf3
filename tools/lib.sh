# Shell helpers shared by tools/*.sh (sourced, not run): the free-port and PostgreSQL-binary
# lookups and the suite's addon list, each written once. Needs only /usr/bin/python3 (no .venv),
# so tools/bootstrap.sh can use it before the virtualenv exists.
# shellcheck shell=bash

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_PY="${SYS_PY:-/usr/bin/python3}"

# A TCP port free on the loopback interface right now.
free_port() { "$TOOLS_PY" "$TOOLS_DIR/testrun.py" free-port; }

# The newest installed PostgreSQL server's bin directory (initdb, pg_ctl...), empty when none.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# The suite's addons, comma separated (tools/addons.txt): the optional ones only when their
# dependency is on $ADDONS_PATH. With --all, every addon the file names.
suite_addons() { "$TOOLS_PY" "$TOOLS_DIR/testrun.py" addons "$@"; }
