"""The harness itself: the bootstrap's clear stop without Odoo, and the log gate of `make test`."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHECK_LOG = ROOT / "tools" / "check_log.py"
PASSING_LOG = """\
2026-11-27 10:00:00,000 1 INFO db odoo.addons.crm_offers.tests.test_install: Starting TestMenus.test_a ...
2026-11-27 10:00:01,000 1 INFO db odoo.addons.crm_offers.tests.test_install: Starting TestMenus.test_b ...
2026-11-27 10:00:02,000 1 INFO db odoo.tests.result: 0 failed, 0 error(s) of 2 tests when loading database 'db'
"""


def _check(tmp_path, text, addons="crm_offers"):
    log = tmp_path / "odoo.log"
    log.write_text(text)
    return subprocess.run(
        [sys.executable, str(CHECK_LOG), str(log), "--addons", addons], check=False, capture_output=True, text=True
    )


def test_bootstrap_stops_with_a_clear_message_when_odoo_src_is_wrong(tmp_path):
    env = dict(os.environ, ODOO_SRC=str(tmp_path / "no-odoo-here"))
    result = subprocess.run(
        [str(ROOT / "tools" / "bootstrap.sh")], check=False, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 2
    assert "ODOO_SRC=" in result.stderr and "not an Odoo source tree" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_log_gate_passes_a_clean_log(tmp_path):
    assert _check(tmp_path, PASSING_LOG).returncode == 0


def test_log_gate_fails_on_a_warning_line(tmp_path):
    text = PASSING_LOG + "2026-11-27 10:00:03,000 1 WARNING db odoo.models: something odd\n"
    result = _check(tmp_path, text)
    assert result.returncode == 1
    assert "something odd" in result.stdout


def test_log_gate_fails_when_an_addon_ran_no_test(tmp_path):
    result = _check(tmp_path, PASSING_LOG, addons="crm_offers,crm_dunning")
    assert result.returncode == 1
    assert '"crm_dunning"' in result.stdout


def test_log_gate_fails_on_a_failed_test(tmp_path):
    text = PASSING_LOG.replace("0 failed, 0 error(s) of 2", "1 failed, 0 error(s) of 2")
    assert _check(tmp_path, text).returncode == 1
