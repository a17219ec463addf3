"""Przypominacz reminder list for one user, beside Odoo's own activity systray.

Run with ``make bench-reminders`` (= ``tools/bench.sh reminders``: Odoo's Python, PYTHONPATH
and the suite's PGHOST/PGPORT/PGUSER/ADDONS_PATH). It

1. creates a throwaway database and installs ``crm_reminders`` (``tools/odoo.sh -i``);
2. builds, with the ORM in batches (tracking and notifications off), one measured user's
   open deadlines in the five sources the issue names: activities (``mail.activity``),
   calendar events, CRM tasks, and two no-code sources on ``res.partner`` (custom fields
   ``x_review_date`` (date) and ``x_contract_end`` (date and time), each with the salesperson
   as user field): plus other users' data;
3. commits, runs ``ANALYZE``, and times, in-process, one request at a time (a fresh cursor
   and environment each, as a JSON-RPC call gets), alternating
   ``env["crm.reminder"].get_reminders()`` (ours) and ``env["res.users"]._get_activity_groups()``
   (the peer: Odoo's activity systray, activities only);
4. repeats at each size and once more after other users' data grows tenfold, and drops the
   database.

Size = the user's open activities S; with them S/5 calendar events, S/10 tasks and S/20
partner dates in each no-code source (so size 10,000 is 10,000 activities + 2,000 events,
the issue's case). Deadlines are spread like a busy salesperson's: a fifth overdue (up to
90 days), a few today, the rest over the coming year.

Prints per size::

    RESULT reminders size=<S> p50_ms=<x> p95_ms=<x> queries=<n> peer_p50_ms=<x>

plus ``... others=10x`` after the tenfold growth and ``... limit=20`` lines for the first 20
entries (what a systray list shows). Lines starting with ``#`` are context. Options:
``--runs N`` timed calls per case (default 40), ``--keep`` keeps the database.
"""

import argparse
import os
import pathlib
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000)
OTHER_USERS = 4
OTHERS_BASE = 2_500  # activities per other user before the tenfold growth
BATCH = 1_000
SHARED_CUSTOMERS = 2_000
DATE_FIELDS = [("x_review_date", "Customer review", "date"), ("x_contract_end", "Contract end", "datetime")]
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "mail_activity_quick_update": True,  # no "assigned to you" mail per activity
    "no_mail_to_attendees": True,
    "mail_auto_subscribe_no_notify": True,
}


def log(message):
    print(f"# {message}", flush=True)


class Bench:
    """The throwaway database, its registry, and the data builders."""

    def __init__(self, db, runs):
        self.db = db
        self.runs = runs
        self.rng = random.Random(20261127)
        self.registry = None
        self.log_path = ROOT / ".state" / f"bench-{db}.log"  # the install's log, dropped with the database
        self.counts = {}  # user id -> number of activities built so far
        self.build_rates = {}  # model -> [records created, seconds]
        self.today = date.today()

    # ------------------------------------------------------------------ setup
    def create_database(self):
        subprocess.run(["dropdb", "--if-exists", self.db], check=True)
        subprocess.run(["createdb", self.db], check=True)
        log_path = self.log_path
        started = time.perf_counter()
        with log_path.open("w") as out:
            subprocess.run(
                [
                    str(ROOT / "tools" / "odoo.sh"),
                    "-d",
                    self.db,
                    "-i",
                    "crm_reminders",
                    "--without-demo=all",
                    "--stop-after-init",
                    f"--logfile={log_path}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
            )
        log(f"installed crm_reminders in {self.db} in {time.perf_counter() - started:.0f} s (log: {log_path})")
        config.parse_config(
            [
                f"--addons-path={os.environ['ADDONS_PATH']}",
                f"--db_host={os.environ.get('PGHOST', '')}",
                f"--db_port={os.environ.get('PGPORT', '')}",
                f"--db_user={os.environ.get('PGUSER', '')}",
                f"--data-dir={ROOT / '.state' / 'data'}",
                "--log-level=warn",
            ]
        )
        self.registry = Registry(self.db)

    def env(self, cr, uid=SUPERUSER_ID, context=None):
        return api.Environment(cr, uid, dict(CONTEXT, **(context or {})))

    def setup_users_and_sources(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            groups = [env.ref("base.group_user").id, env.ref("crm_reminders.group_crm_user").id]
            users = env["res.users"].create(
                [
                    {
                        "name": f"Bench User {i}",
                        "login": f"bench{i}",
                        "tz": "Europe/Warsaw",
                        "groups_id": [(6, 0, groups)],
                    }
                    for i in range(OTHER_USERS + 1)
                ]
            )
            self.user_id, self.other_ids = users[0].id, users[1:].ids
            customers = env["res.partner"].create(
                [{"name": f"Customer {i}", "is_company": True} for i in range(SHARED_CUSTOMERS)]
            )
            self.customer_ids = customers.ids
            self.partner_model_id = env["ir.model"]._get_id("res.partner")
            self.todo_type_id = env.ref("mail.mail_activity_data_todo").id
            # What an administrator does without code: custom fields on contacts (Settings >
            # Technical > Fields), then a no-code reminder source on each.
            env["ir.model.fields"].create(
                [
                    {"model_id": self.partner_model_id, "name": name, "field_description": label, "ttype": ttype}
                    for name, label, ttype in DATE_FIELDS
                ]
            )
        with self.registry.cursor() as cr:
            env = self.env(cr)
            user_field = env["ir.model.fields"]._get("res.partner", "user_id")
            Source = env["crm.reminder.source"]
            for name, label, _ttype in DATE_FIELDS:
                Source.create(
                    {
                        "name": label,
                        "model_id": self.partner_model_id,
                        "kind": "field",
                        "date_field_id": env["ir.model.fields"]._get("res.partner", name).id,
                        "user_field_id": user_field.id,
                        "domain": "[('is_company', '=', True)]",
                        "lead_time": 1,
                        "lead_unit": "days",
                    }
                )
            sources = Source.search([])
            log(f"{len(sources)} reminder sources: " + ", ".join(f"{s.name} ({s.kind}, {s.model})" for s in sources))
            if len(sources) < 5:
                sys.exit("crm_reminders should bring the built-in sources (activities, events, tasks)")

    # ------------------------------------------------------------------ data
    def _deadline_day(self):
        """A busy salesperson's spread: 20 % overdue, 2 % today, the rest within a year."""
        roll = self.rng.random()
        if roll < 0.20:
            return self.today - timedelta(days=self.rng.randint(1, 90))
        if roll < 0.22:
            return self.today
        return self.today + timedelta(days=self.rng.randint(1, 365))

    def _deadline_time(self):
        day = self._deadline_day()
        return datetime.combine(day, datetime.min.time()) + timedelta(hours=self.rng.randint(7, 16))

    def _batches(self, model, count, make_vals, warm=None):
        """Create ``count`` records of ``model`` in committed batches of ``BATCH``; ``warm(env)``
        runs first in each batch's environment."""
        done, started = 0, time.perf_counter()
        while done < count:
            size = min(BATCH, count - done)
            with self.registry.cursor() as cr:
                env = self.env(cr)
                if warm:
                    warm(env)
                env[model].create([make_vals(done + i) for i in range(size)])
            done += size
        spent, total = time.perf_counter() - started, self.build_rates.setdefault(model, [0, 0.0])
        total[0], total[1] = total[0] + count, total[1] + spent

    def add_items(self, uid, activities):
        """Give user ``uid`` ``activities`` more open activities and the proportional share of
        events, tasks and partner dates (see the module docstring)."""
        started = time.perf_counter()
        with self.registry.cursor() as cr:
            partner_id = self.env(cr)["res.users"].browse(uid).partner_id.id
        self._batches(
            "mail.activity",
            activities,
            lambda i: {
                "res_model_id": self.partner_model_id,
                "res_id": self.customer_ids[i % len(self.customer_ids)],  # distinct within a batch
                "activity_type_id": self.todo_type_id,
                "summary": f"Follow-up {i}",
                "date_deadline": self._deadline_day(),
                "user_id": uid,
            },
            # Core computes each activity's res_name with one query per record unless the
            # names are in the cache: that was 3/4 of the build time.
            warm=lambda env: env["res.partner"].sudo().browse(self.customer_ids).mapped("display_name"),
        )

        def event(i):
            start = self._deadline_time()
            return {
                "name": f"Meeting {i}",
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": uid,
                "partner_ids": [(6, 0, [partner_id])],
            }

        self._batches("calendar.event", activities // 5, event)
        self._batches(
            "crm.task",
            activities // 10,
            lambda i: {
                "name": f"Task {i}",
                "kind": self.rng.choice(["call", "task", "email"]),
                "partner_id": self.rng.choice(self.customer_ids),
                "user_id": uid,
                "deadline": self._deadline_time(),
                "priority": self.rng.choice(["0", "1", "2"]),
            },
        )
        for name, _label, ttype in DATE_FIELDS:
            self._batches(
                "res.partner",
                activities // 20,
                lambda i, name=name, ttype=ttype: {
                    "name": f"Customer with {name} {i}",
                    "is_company": True,
                    "user_id": uid,
                    name: self._deadline_time() if ttype == "datetime" else self._deadline_day(),
                },
            )
        self.counts[uid] = self.counts.get(uid, 0) + activities
        return time.perf_counter() - started

    def analyze(self):
        with self.registry.cursor() as cr:
            cr.execute("ANALYZE")

    # ------------------------------------------------------------------ timing
    def _call(self, uid, function):
        """One request: fresh cursor and environment; returns (ms, queries)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, uid, {})
            queries = odoo.sql_db.sql_counter
            started = time.perf_counter()
            function(env)
            elapsed = (time.perf_counter() - started) * 1000
            queries = odoo.sql_db.sql_counter - queries
            cr.rollback()
        return elapsed, queries

    def measure(self, label, limit=None):
        def ours(env):
            return env["crm.reminder"].get_reminders(limit=limit)

        def peer(env):
            return env["res.users"]._get_activity_groups()

        uid = self.user_id
        for _warm in range(3):
            self._call(uid, ours)
            self._call(uid, peer)
        times, peer_times, queries = [], [], set()
        for _run in range(self.runs):
            elapsed, count = self._call(uid, ours)
            times.append(elapsed)
            queries.add(count)
            peer_times.append(self._call(uid, peer)[0])
        with self.registry.cursor() as cr:
            listed = len(self.env(cr, uid)["crm.reminder"].get_reminders(limit=limit))
        p95 = statistics.quantiles(times, n=20)[18]
        print(
            f"RESULT reminders size={self.counts[uid]} p50_ms={statistics.median(times):.1f} p95_ms={p95:.1f} "
            f"queries={max(queries)} peer_p50_ms={statistics.median(peer_times):.1f}{label}",
            flush=True,
        )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        log(
            f"  {listed} reminders listed; queries per call {sorted(queries)};"
            f" load average {load} on {os.cpu_count()} cores"
        )
        return statistics.median(times)

    def slowest_queries(self, top=3):
        """The queries of one get_reminders() call, slowest first (to say what dominates)."""
        seen = []

        def hook(cr, query, params, start, delay):
            seen.append((delay * 1000, cr._format(query, params)))

        thread = threading.current_thread()
        thread.query_hooks = [hook]
        try:
            elapsed, _count = self._call(self.user_id, lambda env: env["crm.reminder"].get_reminders())
        finally:
            del thread.query_hooks
        total = sum(ms for ms, _q in seen)
        log(f"  one call: {elapsed:.1f} ms, of which {len(seen)} queries {total:.1f} ms; slowest queries:")
        for ms, query in sorted(seen, reverse=True)[:top]:
            log(f"    {ms:7.1f} ms  {' '.join(query.split())[:600]}")

    def drop(self):
        """Close every connection of this process to the database, then drop it."""
        if self.registry is not None:
            Registry.delete(self.db)
        odoo.sql_db.close_db(self.db)
        subprocess.run(["dropdb", "--if-exists", "--force", self.db], check=False)
        self.log_path.unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40, help="timed calls per case")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply all data sizes (quick trial: 0.05)")
    args = parser.parse_args()
    sizes = [max(20, int(size * args.scale)) for size in SIZES]
    others_base = max(20, int(OTHERS_BASE * args.scale))
    bench = Bench(f"bench_reminders_{os.getpid()}", args.runs)
    try:
        bench.create_database()
        bench.setup_users_and_sources()
        spent = sum(bench.add_items(uid, others_base) for uid in bench.other_ids)
        log(f"other users: {OTHER_USERS} x {others_base} activities (+ events, tasks, dates) in {spent:.0f} s")
        for size in sizes:
            spent = bench.add_items(bench.user_id, size - bench.counts.get(bench.user_id, 0))
            bench.analyze()
            log(f"measured user at size {size}: data built in {spent:.0f} s")
            bench.measure("")
            bench.measure(" limit=20", limit=20)
        bench.slowest_queries()
        spent = sum(bench.add_items(uid, others_base * 9) for uid in bench.other_ids)
        bench.analyze()
        log(f"other users' data x10 ({OTHER_USERS} x {others_base * 10} activities ...) in {spent:.0f} s")
        log(
            "records created per second: "
            + ", ".join(f"{m} {n / max(t, 1e-6):.0f}/s" for m, (n, t) in bench.build_rates.items())
        )
        bench.measure(" others=10x")
        bench.measure(" others=10x limit=20", limit=20)
        bench.slowest_queries()
    finally:
        if not args.keep:
            bench.drop()


if __name__ == "__main__":
    main()
