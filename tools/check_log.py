"""Reads an Odoo test log and reports what `make test` needs to know.

Prints one JSON object: the number of tests Odoo ran, failed and errored, the tests counted per
addon, and the WARNING/ERROR lines not on tools/log-allowlist.txt. Exit code 0 when every named
addon ran at least one test and nothing failed or slipped through the allow-list, else 1.
"""

import argparse
import json
import pathlib
import re
import sys

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<rest>.*)$")
RESULT = re.compile(r"odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<total>\d+) tests")
STARTING = re.compile(r"odoo\.addons\.(?P<addon>\w+)\.tests\.\S+: Starting (?P<test>\S+)")


def load_allowlist(path):
    patterns = []
    for raw in pathlib.Path(path).read_text().splitlines():
        raw = raw.strip()
        if raw and not raw.startswith("#"):
            patterns.append(re.compile(raw))
    return patterns


def analyse(log_text, addons, allowlist):
    report = {"total": 0, "failed": 0, "errors": 0, "per_addon": dict.fromkeys(addons, 0), "bad_lines": []}
    for line in log_text.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        rest = match["rest"]
        result = RESULT.search(rest)
        if result:
            report["total"] += int(result["total"])
            report["failed"] += int(result["failed"])
            report["errors"] += int(result["errors"])
        started = STARTING.search(rest)
        if started and started["addon"] in report["per_addon"]:
            report["per_addon"][started["addon"]] += 1
        if match["level"] in ("WARNING", "ERROR", "CRITICAL"):
            # drop the database name: "<db> <logger>: <message>"
            message = rest.split(" ", 1)[1] if " " in rest else rest
            if not any(p.search(message) for p in allowlist):
                report["bad_lines"].append(line[:500])
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("log")
    parser.add_argument("--addons", required=True, help="comma separated addons that must have run tests")
    parser.add_argument("--allowlist", default=str(pathlib.Path(__file__).with_name("log-allowlist.txt")))
    args = parser.parse_args()
    addons = [a for a in args.addons.split(",") if a]
    report = analyse(pathlib.Path(args.log).read_text(errors="replace"), addons, load_allowlist(args.allowlist))
    report["addons_without_tests"] = [a for a, n in report["per_addon"].items() if not n]
    print(json.dumps(report, indent=1))
    ok = (
        not (report["failed"] or report["errors"] or report["bad_lines"] or report["addons_without_tests"])
        and report["total"]
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
