"""The Python side of the shell tools (`make test`, `make run`, tools/bootstrap.sh).

Small, stdlib-only commands the scripts call instead of inline Python, so each can be tested
alone (tests/test_testrun.py). It runs on /usr/bin/python3 too, before .venv exists.

  testrun.py free-port          a TCP port free on 127.0.0.1 now
  testrun.py addons [--all]     the suite's addons, comma separated (tools/addons.txt)
  testrun.py odoo-counts        "TOTAL FAILED ERRORS" of a tools/check_log.py report on stdin
  testrun.py odoo-per-addon     one "[test] ADDON: N tests" line per addon of that report
  testrun.py odoo-problems      the report's bad log lines and addons that ran no test
  testrun.py junit-counts FILE  "TESTS FAILED" of a pytest junit XML file ("0 1" when unreadable)
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import socket
import sys
import xml.etree.ElementTree as ET

ADDONS_FILE = pathlib.Path(__file__).with_name("addons.txt")


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 (the kernel's pick)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_addons(path: pathlib.Path = ADDONS_FILE) -> list[tuple[str, str | None]]:
    """The entries of an addon list file: ``(addon, dependency)``, the dependency None for the
    addons always in the suite, else the addon that must be on the addons path for it to join."""
    entries = []
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) == 1:
            entries.append((words[0], None))
        elif len(words) == 3 and words[1] == "if":
            entries.append((words[0], words[2]))
        else:
            raise ValueError(f"{path}:{number}: expected 'ADDON' or 'ADDON if DEPENDENCY', got {raw!r}")
    return entries


def addon_available(name: str, addons_path: str | None) -> bool:
    """Whether a directory of the comma separated ``addons_path`` holds the addon ``name``."""
    dirs = [d.strip() for d in (addons_path or "").split(",") if d.strip()]
    return any((pathlib.Path(d) / name / "__manifest__.py").is_file() for d in dirs)


def suite_addons(
    addons_path: str | None = None, include_all: bool = False, path: pathlib.Path = ADDONS_FILE
) -> list[str]:
    """The suite's addons in install order: every plain entry, and each optional one whose
    dependency is on ``addons_path`` (all of them with ``include_all``)."""
    return [
        addon
        for addon, dependency in read_addons(path)
        if dependency is None or include_all or addon_available(dependency, addons_path)
    ]


def odoo_counts(report: dict) -> str:
    return f"{report['total']} {report['failed']} {report['errors']}"


def odoo_per_addon(report: dict) -> str:
    return "\n".join(f"[test] {addon}: {count} tests" for addon, count in report["per_addon"].items())


def odoo_problems(report: dict) -> str:
    lines = [f"    {line}" for line in report["bad_lines"]]
    if report.get("addons_without_tests"):
        lines.append(f"    addons without tests: {report['addons_without_tests']}")
    return "\n".join(lines)


def junit_counts(path: str) -> str:
    """Tests run (less skipped) and failed (failures + errors) in a junit XML file; a file that
    cannot be read counts as one failure, so a crashed pytest never passes."""
    try:
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        total = sum(int(s.get("tests", 0)) - int(s.get("skipped", 0)) for s in suites)
        failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    except (OSError, ET.ParseError, ValueError):
        return "0 1"
    return f"{total} {failed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("free-port")
    addons = sub.add_parser("addons")
    addons.add_argument("--all", action="store_true", help="optional addons too, available or not")
    addons.add_argument("--addons-path", default=os.environ.get("ADDONS_PATH"), help="default: $ADDONS_PATH")
    for name in ("odoo-counts", "odoo-per-addon", "odoo-problems"):
        sub.add_parser(name)
    junit = sub.add_parser("junit-counts")
    junit.add_argument("file")
    args = parser.parse_args(argv)

    if args.command == "free-port":
        output = str(free_port())
    elif args.command == "addons":
        output = ",".join(suite_addons(args.addons_path, args.all))
    elif args.command == "junit-counts":
        output = junit_counts(args.file)
    else:
        report = json.load(sys.stdin)
        output = {"odoo-counts": odoo_counts, "odoo-per-addon": odoo_per_addon, "odoo-problems": odoo_problems}[
            args.command
        ](report)
    if output:
        print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
