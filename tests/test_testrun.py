"""tools/testrun.py and tools/lib.sh, the helpers behind `make test`: quick, no Odoo needed."""

import json
import pathlib
import socket
import subprocess
import sys

import pytest
import testrun

ROOT = pathlib.Path(__file__).resolve().parent.parent
TESTRUN = ROOT / "tools" / "testrun.py"
CHECK_LOG = ROOT / "tools" / "check_log.py"


def _testrun(*args, stdin=None, env=None):
    result = subprocess.run(
        [sys.executable, str(TESTRUN), *args], input=stdin, capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_free_port_can_be_bound():
    port = int(_testrun("free-port"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_addon_list_names_every_addon_of_the_repository():
    on_disk = {path.parent.name for path in ROOT.glob("crm_*/__manifest__.py")}
    listed = testrun.suite_addons(include_all=True)
    assert len(listed) == len(set(listed)), "an addon is listed twice"
    assert set(listed) == on_disk
    assert listed[0] == "crm_reminders", "install order: the reminder engine first"


def test_optional_addon_joins_only_when_its_dependency_is_on_the_path(tmp_path):
    listing = tmp_path / "addons.txt"
    listing.write_text("# comment\ncrm_a\n\ncrm_b  # trailing comment\ncrm_timeline if web_timeline\n")
    assert testrun.read_addons(listing) == [("crm_a", None), ("crm_b", None), ("crm_timeline", "web_timeline")]
    assert testrun.suite_addons(None, path=listing) == ["crm_a", "crm_b"]
    assert testrun.suite_addons(str(tmp_path), path=listing) == ["crm_a", "crm_b"]
    (tmp_path / "oca" / "web_timeline").mkdir(parents=True)
    assert testrun.suite_addons(f"/nowhere,{tmp_path / 'oca'}", path=listing) == ["crm_a", "crm_b"], (
        "a folder without __manifest__.py is no addon"
    )
    (tmp_path / "oca" / "web_timeline" / "__manifest__.py").write_text("{}")
    assert testrun.suite_addons(f"/nowhere, {tmp_path / 'oca'}", path=listing) == ["crm_a", "crm_b", "crm_timeline"]
    assert testrun.suite_addons(None, include_all=True, path=listing) == ["crm_a", "crm_b", "crm_timeline"]


def test_malformed_addon_line_is_refused(tmp_path):
    listing = tmp_path / "addons.txt"
    listing.write_text("crm_a\ncrm_b unless web_timeline\n")
    with pytest.raises(ValueError, match=r"addons.txt:2: expected 'ADDON' or 'ADDON if DEPENDENCY'"):
        testrun.read_addons(listing)


def test_shell_library_gives_port_postgresql_and_addons(tmp_path):
    (tmp_path / "web_timeline").mkdir()
    (tmp_path / "web_timeline" / "__manifest__.py").write_text("{}")
    script = 'source tools/lib.sh; free_port; pg_bin; suite_addons; suite_addons --all; echo "rc=$?"'
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "ADDONS_PATH": str(tmp_path)},
    )
    port, pg_bin, addons, all_addons, rc = result.stdout.splitlines()
    assert int(port) > 0
    assert pg_bin == "" or (pathlib.Path(pg_bin) / "pg_ctl").exists()
    assert addons.split(",") == testrun.suite_addons(str(tmp_path))
    assert all_addons.split(",") == testrun.suite_addons(include_all=True)
    assert rc == "rc=0"


def test_odoo_report_is_summed_and_listed(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(
        "2026-11-27 10:00:00,000 1 INFO db odoo.addons.crm_offers.tests.test_x: Starting T.test_a ...\n"
        "2026-11-27 10:00:01,000 1 ERROR db odoo.addons.crm_offers.tests.test_x: FAIL: T.test_a\n"
        "2026-11-27 10:00:02,000 1 INFO db odoo.tests.result: 1 failed, 0 error(s) of 3 tests when loading\n"
    )
    check = subprocess.run(
        [sys.executable, str(CHECK_LOG), str(log), "--addons", "crm_offers,crm_dunning"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 1
    assert _testrun("odoo-counts", stdin=check.stdout) == "3 1 0\n"
    assert _testrun("odoo-per-addon", stdin=check.stdout) == (
        "[test] crm_offers: 1 tests\n[test] crm_dunning: 0 tests\n"
    )
    problems = _testrun("odoo-problems", stdin=check.stdout).splitlines()
    assert problems[0].startswith("    2026-11-27 10:00:01,000 1 ERROR db odoo.addons.crm_offers")
    assert problems[1:] == ["    addons without tests: ['crm_dunning']"]
    clean = json.dumps({"total": 2, "failed": 0, "errors": 0, "per_addon": {}, "bad_lines": []})
    assert _testrun("odoo-problems", stdin=clean) == ""
    assert _testrun("odoo-per-addon", stdin=clean) == ""


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ('<testsuites><testsuite tests="5" skipped="1" failures="1" errors="1"/></testsuites>', "4 2"),
        (
            (
                '<testsuites><testsuite tests="2" skipped="0" failures="0" errors="0"/>'
                '<testsuite tests="3" skipped="1" failures="1" errors="0"/></testsuites>'
            ),
            "4 1",
        ),
        ('<testsuite tests="7" skipped="2" failures="0" errors="0"/>', "5 0"),
        ("<testsuites><testsuite", "0 1"),
        ('<testsuite tests="many"/>', "0 1"),
    ],
    ids=["one-suite", "two-suites", "bare-suite", "truncated", "not-a-number"],
)
def test_junit_counts(tmp_path, xml, expected):
    report = tmp_path / "pytest.xml"
    report.write_text(xml)
    assert _testrun("junit-counts", str(report)) == expected + "\n"


def test_junit_counts_of_a_missing_file_is_one_failure(tmp_path):
    assert _testrun("junit-counts", str(tmp_path / "none.xml")) == "0 1\n"
