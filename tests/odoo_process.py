"""Run a piece of Python in a real, separate Odoo process on a test database.

Kill-safety and scale-out tests need what a unit test cannot give: a second server process that
can be started beside another or killed with SIGKILL at a chosen instant. The script given to
:func:`start` runs after the process has read the suite's connection settings (``ADDONS_PATH``,
``PGHOST``, ``PGPORT``, ``PGUSER``, as ``tools/bootstrap.sh`` writes them to ``.state/env``) and
opened the database's registry: it finds ``odoo``, ``registry`` (the database's
:class:`~odoo.modules.registry.Registry`) and ``argv`` (the extra arguments) in its namespace.
"""

import os
import subprocess
import sys

PREAMBLE = r"""
import os, sys
import odoo
from odoo.tools import config
config.parse_config([
    "--addons-path=" + os.environ["ADDONS_PATH"],
    "--db_host=" + os.environ["PGHOST"],
    "--db_port=" + os.environ["PGPORT"],
    "--db_user=" + os.environ["PGUSER"],
    "--log-level=warn",
])
from odoo.modules.registry import Registry
registry = Registry(sys.argv[1])
argv = sys.argv[2:]
"""


def start(db_name, script, *args):
    """Start ``script`` (Python source) in a new Odoo process on ``db_name``.

    :param str db_name: the database the process opens
    :param str script: the code to run once the registry is loaded (see the module docstring)
    :param args: strings handed to the script as ``argv``
    :return: the :class:`subprocess.Popen`, stdout and stderr merged into ``stdout`` as text
    """
    return subprocess.Popen(
        [os.environ.get("ODOO_PY", sys.executable), "-c", PREAMBLE + script, db_name, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": os.environ.get("ODOO_ROOT", "")},
    )
