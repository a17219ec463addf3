"""The one harness every ``bench/bench_<name>.py`` is written on.

A benchmark is a short file: its data, its contenders, its checks. The harness does the rest:

* a throwaway database with our addons and, where there is one, the peer addon from PyPI
  (``bench/oca_peers.py``) installed side by side (``--without-demo``);
* per size, the data built once in a fresh process, committed and ``ANALYZE``d;
* each contender on its own copy of that data (``CREATE DATABASE ... TEMPLATE``, which keeps the
  planner statistics), in a fresh Odoo process that loads the registry and runs the contender's
  untimed preparation (warm-up) before the clock starts;
* measured: wall time, CPU seconds of the Odoo process plus its PostgreSQL backend (read from
  ``/proc``), SQL queries, the process's peak RSS; the checks of the contender's result;
* printed: a table for people and one machine-readable line per size::

      RESULT <name> size=<n> ours=<x> peer=<x> ratio=<x> <contender>=<x> ... load=<1 min average>

  Throughput benchmarks (``kind="throughput"``) give units per second (``size`` / wall time, or
  the ``units`` a check returns); latency benchmarks (``kind="latency"``) give the p50 in ms and
  add ``p50_ms= p95_ms= queries= peer_p50_ms= peer_queries=``. ``ratio`` is always how many
  times faster ours is than the peer (> 1: ours is faster); ``cpu_ratio`` the same by CPU
  seconds (the fair figure on a busy machine). ``peer=- ratio=-`` where there is no peer.

Example, ``bench/bench_example.py`` (run: ``make bench-example``)::

    from harness import Bench

    bench = Bench("example", addons=["crm_offers"], sizes=(1_000, 10_000), smoke_sizes=(10,),
                  peer=("odoo-addon-x>=18.0,<18.1", "x"))  # peer: optional (PyPI requirement, addon)

    @bench.build
    def build(env, size):  # data for one size; committed and ANALYZEd by the harness
        env["res.partner"].create([{"name": f"P{i}"} for i in range(size)])

    @bench.contender("ours")  # also "peer", and any other name (e.g. "ceiling")
    def ours(env, size):  # untimed: prepare and warm up, then return the timed callable
        partners = env["res.partner"].search([])
        return lambda: partners.write({"comment": "x"})  # the clock stops after its commit

    @bench.check
    def check(env, size, contender, result):  # after each run, untimed: assert, return facts
        done = env["res.partner"].search_count([("comment", "=", "x")])
        assert done == size, f"{contender} wrote {done} partners, not {size}"
        return {"written": done}

    if __name__ == "__main__":
        bench.main()

Latency benchmarks (``Bench(..., kind="latency")``): the contender returns ``call(env)``; the
harness calls it ``runs`` times (after 3 warm-up calls), each in a fresh cursor and superuser
environment that is rolled back after the call (as one JSON-RPC request gets); ``call`` switches
user itself (``env(user=uid)``). ``check`` gets the last call's return value as ``result``.

More: ``@bench.contender("ours_2workers", workers=2)`` runs two processes at once, the function
then taking ``(env, size, worker, workers)`` and the check running in a separate process after
both; ``@bench.contender("x", sizes=(2000,))`` runs at those sizes only (all sizes in smoke
mode); ``@bench.summary`` returns extra ``RESULT`` lines from all results (e.g. linearity).
Options of every benchmark: ``--sizes 50,500``, ``--repeat R`` (rounds, best kept), ``--runs N``
(latency), ``--only ours,peer``, ``--profile`` (cProfile and SQL statements of the timed part; not for figures),
``--keep`` (keep the databases), ``--base-db DB`` (clone an existing install instead).

``BENCH_SMOKE=1`` (``make test`` runs it): the smoke sizes, 3 latency runs, no timing claims
(``SMOKE`` lines instead of ``RESULT``), every check still on; one Odoo process per size does
the build and then every contender, each on its own copy of the data with its own registry (the
workers of a multi-worker contender as threads, at once), and its check: the same code and
checks as a full run without a process start-up per step. A benchmark whose addon is not on
the addons path or does not install fails loudly (exit code 2); a check that fails makes the run
exit 1. ``python bench/harness.py [--smoke] [name ...]`` runs every ``bench/bench_*.py`` (or the
named ones); in smoke mode they share one install of all their addons.
"""

import argparse
import cProfile
import importlib
import io
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import oca_peers
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
DATA_DIR = ROOT / ".state" / "data"
LOG_DIR = ROOT / ".state"
SMOKE = os.environ.get("BENCH_SMOKE", "") not in ("", "0")
WARMUP_CALLS = 3
PROCESS_START = time.perf_counter()


def log(message=""):
    print(message, flush=True)


def machine_load():
    """The 1, 5 and 15 minute load averages and the core count, as ``uptime`` says them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


# ------------------------------------------------------------------------------ databases


def pg_execute(query, params=None, dbname="postgres"):
    """Run one statement in autocommit (CREATE/DROP DATABASE need it); return its rows."""
    conn = psycopg2.connect(
        dbname=dbname, host=os.environ.get("PGHOST"), port=os.environ.get("PGPORT"), user=os.environ.get("PGUSER")
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else []
    finally:
        conn.close()


def drop_db(name):
    for attempt in range(240):
        try:
            pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            break
        except psycopg2.errors.InsufficientPrivilege:
            # a backend our role may not end: a connection still starting up (its role not yet
            # known, e.g. a server's cron thread polling every database), or an autovacuum
            # worker, which on a database of 100,000 archived messages can work for a minute
            # or more; both go by themselves
            if attempt == 239:
                raise
            time.sleep(0.5)
    shutil.rmtree(DATA_DIR / "filestore" / name, ignore_errors=True)


def clone_db(source, target):
    """The one way databases are copied here: ``CREATE DATABASE ... TEMPLATE`` (a file copy that
    keeps the planner statistics), and the filestore beside it."""
    drop_db(target)
    pg_execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    store = DATA_DIR / "filestore" / source
    if store.exists():
        shutil.copytree(store, DATA_DIR / "filestore" / target)


def installed_modules(db, modules):
    rows = pg_execute(
        "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", (list(modules),), dbname=db
    )
    return {row[0] for row in rows}


def addon_on_path(addon, addons_path):
    return any((Path(folder) / addon / "__manifest__.py").exists() for folder in addons_path.split(","))


def install_db(db, modules, addons_path):
    """A new database ``db`` with ``modules`` installed without demo data; exits with code 2 (and
    the log's errors) when one is missing or fails to install."""
    missing = [addon for addon in modules if not addon_on_path(addon, addons_path)]
    if missing:
        raise SystemExit(f"FAILED: addon(s) {', '.join(missing)} not on the addons path {addons_path}")
    drop_db(db)
    pg_execute(f'CREATE DATABASE "{db}"')
    logfile = LOG_DIR / f"{db}-install.log"
    logfile.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(ROOT / "tools" / "odoo.sh"),
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--without-demo=all",
            "--stop-after-init",
            f"--addons-path={addons_path}",
            f"--logfile={logfile}",
            "--log-level=warn",
            "--max-cron-threads=0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    text = logfile.read_text(encoding="utf-8", errors="replace") if logfile.exists() else ""
    absent = set(modules) - installed_modules(db, modules) if done.returncode == 0 else set(modules)
    if done.returncode or absent or re.search(r" (ERROR|CRITICAL) ", text):
        errors = [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line or "Error" in line]
        drop_db(db)
        raise SystemExit(
            f"FAILED: installing {', '.join(modules)} (exit {done.returncode}, not installed: "
            f"{', '.join(sorted(absent)) or '-'}); log {logfile}:\n" + "\n".join(errors[-10:])
        )
    logfile.unlink(missing_ok=True)
    log(f"# installed {', '.join(modules)} in {db} in {time.perf_counter() - started:.0f} s")


# ------------------------------------------------------------------------------ the benchmark


@dataclass
class Contender:
    name: str
    func: object
    workers: int = 1
    sizes: tuple = ()


class Bench:
    """One benchmark: see the module docstring.

    :param name: the benchmark's name (``bench_<name>.py``, ``make bench-<name>``, RESULT lines)
    :param addons: our addons to install
    :param sizes: the data sizes of a full run; ``smoke_sizes`` those of ``BENCH_SMOKE=1``
    :param peer: ``(pip requirement, addon)`` of an OCA peer fetched from PyPI, or None (a
        contender named "peer" may still compare with Odoo core)
    :param kind: "throughput" (units per second) or "latency" (p50 ms of repeated calls)
    :param unit: what a throughput figure counts, for the table (e.g. "invoices/s")
    :param runs: timed calls per latency contender in a full run
    """

    def __init__(self, name, addons, sizes, smoke_sizes=(10,), peer=None, kind="throughput", unit="/s", runs=40):
        assert kind in ("throughput", "latency"), kind
        self.name, self.addons, self.peer, self.kind, self.unit = name, list(addons), peer, kind, unit
        self.sizes, self.smoke_sizes, self.runs = tuple(sizes), tuple(smoke_sizes), runs
        self.contenders = {}
        self._build = self._check = None
        self._summaries = []
        self.file = None

    # -------------------------------------------------------------- declarations (decorators)
    def build(self, func):
        """``func(env, size)`` builds the data of one size (superuser); may return facts (JSON)."""
        self._build = func
        return func

    def contender(self, name, workers=1, sizes=()):
        """``func(env, size)`` prepares, untimed, and returns the callable to time."""

        def register(func):
            self.contenders[name] = Contender(name, func, workers, tuple(sizes))
            return func

        return register

    def check(self, func):
        """``func(env, size, contender, result)`` asserts the contender's work is right and returns
        facts (a dict; ``units`` there replaces ``size`` in the rate)."""
        self._check = func
        return func

    def summary(self, func):
        """``func(results)`` returns extra RESULT lines; ``results[size][contender]`` is a dict
        with wall, cpu, db_cpu, queries, rss_mb, facts, rate (or p50_ms, p95_ms)."""
        self._summaries.append(func)
        return func

    # -------------------------------------------------------------- entry point
    def main(self, argv=None):
        import __main__

        self.file = Path(getattr(__main__, "__file__", sys.argv[0])).resolve()
        args = self._parse(argv)
        raise SystemExit(Child(self, args).run() if args.child else self._parent(args))

    def _parse(self, argv):
        parser = argparse.ArgumentParser(description=f"benchmark {self.name} (see bench/harness.py)")
        parser.add_argument("--sizes", help="comma-separated data sizes")
        parser.add_argument("--repeat", type=int, default=1, help="rounds per size; the best is kept")
        parser.add_argument("--runs", type=int, help="timed calls per latency contender")
        parser.add_argument("--only", default="", help="comma-separated contenders")
        parser.add_argument("--profile", action="store_true", help="cProfile the timed part (no figures)")
        parser.add_argument("--keep", action="store_true", help="keep the databases")
        parser.add_argument("--base-db", help="clone this database (our addons installed) instead of installing")
        for hidden in ("--child", "--db", "--addons-path", "--contender"):
            parser.add_argument(hidden, help=argparse.SUPPRESS)
        parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
        parser.add_argument("--worker", type=int, default=0, help=argparse.SUPPRESS)
        parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
        args = parser.parse_args(argv)
        if args.sizes:
            args.sizes = [int(size) for size in args.sizes.split(",") if size]
        else:
            args.sizes = list(self.smoke_sizes if SMOKE else self.sizes)
        args.runs = args.runs or (WARMUP_CALLS if SMOKE else self.runs)
        args.only = [name for name in args.only.split(",") if name]
        return args

    # -------------------------------------------------------------- parent side
    def peer_addons_dir(self):
        """The folder holding the peer addon (downloaded once), or None when there is no peer."""
        if not self.peer:
            return None
        requirement, addon = self.peer
        return oca_peers.ensure_peer(requirement, addon)

    def _parent(self, args):
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h %cd", "--date=format:%Y-%m-%d %H:%M"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        mode = "SMOKE (tiny sizes, no timing claims)" if SMOKE else "full"
        log(f"# bench {self.name}: {mode}; commit {commit}; sizes {args.sizes}; {machine_load()}")
        addons_path = os.environ["ADDONS_PATH"]
        modules = list(self.addons)
        peer_dir = self.peer_addons_dir()
        if peer_dir:
            if str(peer_dir) not in addons_path.split(","):
                addons_path = f"{addons_path},{peer_dir}"
            modules.append(self.peer[1])
            log(f"# peer: {self.peer[1]} {oca_peers.peer_version(peer_dir, self.peer[1])} from PyPI")
        prefix = f"bench_{self.name}_{os.getpid()}"
        base = args.base_db or f"{prefix}_base"
        failures = []
        results = {}
        try:
            if args.base_db:
                absent = set(modules) - installed_modules(base, modules)
                if absent:
                    raise SystemExit(f"FAILED: {', '.join(sorted(absent))} not installed in {base}")
            else:
                install_db(base, modules, addons_path)
            for size in args.sizes:
                results[size] = self._run_size(size, base, prefix, addons_path, args, failures)
                log(self.result_line(size, results[size]))  # at once: a long run may be cut short
        finally:
            if not args.keep:
                for (name,) in pg_execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "\\_%",)):
                    drop_db(name)
        self._print(results, args)
        if failures:
            log(f"FAILED: {self.name}: " + "; ".join(failures))
            return 1
        return 0

    def _plan(self, size, args):
        plan = []
        for contender in self.contenders.values():
            if args.only and contender.name not in args.only:
                continue
            if contender.sizes and size not in contender.sizes and not SMOKE and not args.only:
                continue
            plan.append(contender)
        return plan

    def _run_size(self, size, base, prefix, addons_path, args, failures):
        data_db = f"{prefix}_data_{size}"
        clone_db(base, data_db)
        if SMOKE and not args.profile and args.repeat == 1:
            return self._smoke_size(size, data_db, addons_path, args, failures)
        started = time.perf_counter()
        built = self._spawn_one("build", data_db, size, addons_path, args)
        if built is None:
            failures.append(f"size={size}: building the data failed")
            return {}
        log(f"# size={size}: data built, committed and analyzed in {time.perf_counter() - started:.0f} s {built or ''}")
        results = {}
        for round_no in range(1, args.repeat + 1):
            for contender in self._plan(size, args):
                if results.get(contender.name, "") is None:
                    continue  # failed in an earlier round
                run = self._run_contender(contender, size, data_db, prefix, addons_path, args)
                if run.get("error"):
                    failures.append(f"size={size} {contender.name}: {run['error']}")
                    results[contender.name] = None
                    log(f"  {contender.name} #{round_no}: FAILED {run['error']}")
                    continue
                log(f"  {contender.name} #{round_no}: {self._describe(run)}")
                best = results.get(contender.name)
                if best is None or self._better(run, best):
                    results[contender.name] = run
        if not args.keep:
            drop_db(data_db)
        return results

    def _smoke_size(self, size, data_db, addons_path, args, failures):
        """Smoke mode: one Odoo process does the whole size (build, then each contender on its own
        copy of the data, then its check), instead of a fresh process per step: the same code runs
        and every check still decides, only the process start-ups (most of a smoke run) are saved.
        No figure of this mode is a timing claim."""
        plan = self._plan(size, args)
        started, load = time.perf_counter(), os.getloadavg()[0]
        extra = ["--contender", ",".join(contender.name for contender in plan)]
        proc = self._spawn("smoke", data_db, size, addons_path, args, extra)
        proc.stdin.close()
        try:
            answer = json.loads(read_until(proc, "ANSWER "))
        except RuntimeError as error:
            answer = {"error": str(error)}
        finally:
            proc.wait()
        if not args.keep:
            drop_db(data_db)
        built = answer.get("build") or {}
        if answer.get("error") or built.get("error"):
            failures.append(f"size={size}: building the data failed: {answer.get('error') or built.get('error')}")
            log(f"  build: {answer.get('error') or built.get('error')}")
            return {}
        log(f"# size={size}: data built, committed and analyzed, {built.get('facts') or ''}")
        results = {}
        for contender in plan:
            answers = answer["runs"].get(contender.name) or [{"error": "not run"}]
            errors = [one["error"] for one in answers if one.get("error")]
            run = {"error": errors[0]} if errors else self._collect(contender, size, answers, load)
            if run.get("error"):
                failures.append(f"size={size} {contender.name}: {run['error']}")
                results[contender.name] = None
                log(f"  {contender.name}: FAILED {run['error']}")
                continue
            log(f"  {contender.name}: {self._describe(run)}")
            results[contender.name] = run
        log(f"# size={size}: smoke done in one process in {time.perf_counter() - started:.0f} s")
        return results

    def _better(self, run, best):
        if self.kind == "latency":
            return run["p50_ms"] < best["p50_ms"]
        return run["wall"] < best["wall"]

    def _run_contender(self, contender, size, data_db, prefix, addons_path, args):
        run_db = f"{prefix}_run"
        clone_db(data_db, run_db)
        load = os.getloadavg()[0]
        try:
            procs = [
                self._spawn(
                    "run",
                    run_db,
                    size,
                    addons_path,
                    args,
                    ["--contender", contender.name, "--worker", str(i), "--workers", str(contender.workers)],
                )
                for i in range(contender.workers)
            ]
            try:
                for proc in procs:
                    read_until(proc, "READY")
                for proc in procs:
                    proc.stdin.write("GO\n")
                    proc.stdin.flush()
                answers = [json.loads(read_until(proc, "ANSWER ")) for proc in procs]
            finally:
                for proc in procs:
                    proc.stdin.close()
                    proc.wait()
            errors = [answer["error"] for answer in answers if answer.get("error")]
            if errors:
                return {"error": errors[0]}
            if contender.workers > 1:
                checked = self._spawn_one("check", run_db, size, addons_path, args, ["--contender", contender.name])
                if checked is None:
                    return {"error": "its check process failed"}
                answers[0].update(checked)
        except RuntimeError as error:
            return {"error": str(error)}
        finally:
            if not args.keep:
                drop_db(run_db)
        return self._collect(contender, size, answers, load)

    def _collect(self, contender, size, answers, load):
        """The run's figures from its process answers (one per worker), or ``{"error": ...}``."""
        if answers[0].get("check_error"):
            return {"error": f"check failed: {answers[0]['check_error']}"}
        run = {
            "load": load,
            "wall": max(a["end"] for a in answers) - min(a["start"] for a in answers),
            "cpu": sum(a["cpu"] for a in answers),
            "db_cpu": sum(a["db_cpu"] for a in answers),
            "queries": sum(a["queries"] for a in answers),
            "rss_mb": max(a["rss_mb"] for a in answers),
            "facts": answers[0].get("facts") or {},
        }
        if self.kind == "latency":
            run.update({key: answers[0][key] for key in ("p50_ms", "p95_ms", "queries_per_call", "calls")})
        else:
            units = run["facts"].get("units", size)
            run["rate"] = units / run["wall"] if run["wall"] else 0.0
        for answer in answers:
            if answer.get("profile"):
                log(f"--- profile of {contender.name}, size={size} #{answer.get('worker', 0)}\n{answer['profile']}")
        return run

    def _spawn(self, role, db, size, addons_path, args, extra=()):
        cmd = [sys.executable, str(self.file), "--child", role, "--db", db, "--size", str(size)]
        cmd += ["--addons-path", addons_path, "--runs", str(args.runs), *extra]
        if args.profile:
            cmd.append("--profile")
        if args.keep:
            cmd.append("--keep")
        return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def _spawn_one(self, role, db, size, addons_path, args, extra=()):
        """Run an untimed child job (build, check) to its end; its JSON answer, None on failure."""
        proc = self._spawn(role, db, size, addons_path, args, extra)
        proc.stdin.close()
        try:
            answer = json.loads(read_until(proc, "ANSWER "))
        except RuntimeError as error:
            log(f"  {role}: {error}")
            return None
        finally:
            proc.wait()
        if answer.get("error") or answer.get("check_error"):
            log(f"  {role}: {answer.get('error') or answer.get('check_error')}")
            return None
        return answer.get("facts") if role == "build" else answer

    # -------------------------------------------------------------- report
    def _figure(self, run):
        return run["p50_ms"] if self.kind == "latency" else run["rate"]

    def _describe(self, run):
        if self.kind == "latency":
            head = (
                f"p50 {run['p50_ms']:8.1f} ms  p95 {run['p95_ms']:8.1f} ms  queries/call {run['queries_per_call']:>4}"
            )
        else:
            head = f"{run['wall']:8.2f} s  {run['rate']:9.1f} {self.unit}  queries {run['queries']:>7}"
        facts = " ".join(f"{key}={value}" for key, value in run["facts"].items())
        return (
            f"{head}  cpu {run['cpu']:6.2f}+{run['db_cpu']:.2f} s  rss {run['rss_mb']:5.0f} MB  "
            f"load {run['load']:.1f}  ok {facts}"
        )

    def _print(self, results, args):
        log()
        figure = "p50 ms" if self.kind == "latency" else self.unit
        log(f"# {self.name}: {figure} per contender (cpu = Odoo process + PostgreSQL backend); {machine_load()}")
        for size, runs in results.items():
            log(f"size={size}:")
            for name, run in runs.items():
                log(f"  {name:<20} " + (self._describe(run) if run else "FAILED"))
        for summary in self._summaries:
            for line in summary(results) or ():
                log(("SMOKE " if SMOKE else "RESULT ") + line)

    def result_line(self, size, runs):
        """``RESULT <name> size=<n> ours=<x> peer=<x> ratio=<x> ...`` (see the module docstring)."""

        def number(value):
            return "-" if value is None else f"{value:.2f}" if value < 100 else f"{value:.1f}"

        ours, peer = runs.get("ours"), runs.get("peer")
        fig = {name: self._figure(run) for name, run in runs.items() if run}
        if ours and peer:
            if self.kind == "latency":
                ratio, cpu_ratio = (
                    fig["peer"] / fig["ours"],
                    (peer["cpu"] + peer["db_cpu"]) / (ours["cpu"] + ours["db_cpu"]),
                )
            else:
                ratio = fig["ours"] / fig["peer"]
                cpu_ratio = (peer["cpu"] + peer["db_cpu"]) / max(ours["cpu"] + ours["db_cpu"], 1e-9)
        else:
            ratio = cpu_ratio = None
        parts = [f"size={size}", f"ours={number(fig.get('ours'))}", f"peer={number(fig.get('peer'))}"]
        parts.append(f"ratio={number(ratio)}")
        if self.kind == "latency":
            for prefix, run in (("", ours), ("peer_", peer)):
                if run:
                    parts.append(f"{prefix}p50_ms={number(run['p50_ms'])}")
                    parts.append(f"{prefix}p95_ms={number(run['p95_ms'])}")
                    parts.append(f"{prefix}queries={run['queries_per_call']}")
        parts += [f"{name}={number(value)}" for name, value in fig.items() if name not in ("ours", "peer")]
        parts.append(f"cpu_ratio={number(cpu_ratio)}")
        for name in ("ours", "peer"):
            if runs.get(name):
                run = runs[name]
                parts.append(f"{name}_cpu_s={number(run['cpu'] + run['db_cpu'])}")
                if self.kind != "latency":
                    parts.append(f"{name}_queries={run['queries']}")
                parts.append(f"{name}_rss_mb={run['rss_mb']:.0f}")
        failed = [name for name, run in runs.items() if run is None]
        if failed:
            parts.append("failed=" + ",".join(failed))
        loads = [run["load"] for run in runs.values() if run]
        parts.append(f"load={max(loads):.1f}" if loads else "load=-")
        return ("SMOKE " if SMOKE else "RESULT ") + self.name + " " + " ".join(parts)


def read_until(proc, marker):
    """The child's stdout up to a line starting with ``marker`` (other lines are echoed)."""
    for line in proc.stdout:
        if line.startswith(marker):
            return line[len(marker) :].strip()
        sys.stdout.write(line)
        sys.stdout.flush()
    proc.wait()
    raise RuntimeError(f"its process ended (exit {proc.returncode}) before printing {marker.strip()}")


# ------------------------------------------------------------------------------ child side


def backend_cpu(pid):
    """CPU seconds used so far by PostgreSQL backend ``pid`` (0.0 when unreadable)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


class Statements:
    """SQL statements of the profiled part, by text with numbers blanked: count and time."""

    def __init__(self):
        self.count, self.seconds, self.on = {}, {}, False
        threading.current_thread().query_hooks = [self.hook]

    def hook(self, cr, query, params, start, delay):
        if self.on:
            key = re.sub(r"\s+", " ", re.sub(r"\d+", "N", str(query)))[:400]
            self.count[key] = self.count.get(key, 0) + 1
            self.seconds[key] = self.seconds.get(key, 0.0) + delay

    def report(self, top=15):
        total = sum(self.seconds.values())
        lines = [f"SQL: {sum(self.count.values())} statements, {total * 1000:.1f} ms; slowest in all:"]
        for key, seconds in sorted(self.seconds.items(), key=lambda kv: -kv[1])[:top]:
            lines.append(f"  {seconds * 1000:9.1f} ms {self.count[key]:>6}x  {key}")
        return "\n".join(lines) + "\n"


class Profiler(cProfile.Profile):
    """cProfile plus the SQL statements run while it is enabled."""

    def __init__(self):
        super().__init__()
        self.statements = Statements()

    def enable(self):
        self.statements.on = True
        super().enable()

    def disable(self):
        super().disable()
        self.statements.on = False


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Child:
    """One Odoo process: builds the data, runs one contender, or checks a run."""

    def __init__(self, bench, args):
        self.bench, self.args = bench, args

    def run(self):
        from odoo import netsvc
        from odoo.modules.registry import Registry
        from odoo.tools import config

        config.parse_config(
            [
                f"--addons-path={self.args.addons_path}",
                f"--db_host={os.environ.get('PGHOST', '')}",
                f"--db_port={os.environ.get('PGPORT', '')}",
                f"--db_user={os.environ.get('PGUSER', '')}",
                f"--data-dir={DATA_DIR}",
                "--log-level=warn",
                "--max-cron-threads=0",
            ]
        )
        netsvc.init_logger()
        self.registry = Registry(self.args.db)
        role = self.args.child
        try:
            answer = getattr(self, f"_{role}")()
        except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the run
            traceback.print_exc()
            answer = {"error": f"{type(error).__name__}: {error}"}
        print("ANSWER " + json.dumps(answer, default=str), flush=True)
        return 0

    def _env(self, cr):
        from odoo import SUPERUSER_ID, api

        return api.Environment(cr, SUPERUSER_ID, {})

    def _build(self):
        with self.registry.cursor() as cr:
            facts = self.bench._build(self._env(cr), self.args.size)
            cr.commit()
            cr.execute("ANALYZE")
            cr.commit()
        return {"facts": facts}

    def _check(self, result=None):
        if not self.bench._check:
            return {"facts": {}}
        with self.registry.cursor() as cr:
            try:
                facts = self.bench._check(self._env(cr), self.args.size, self.args.contender, result)
            except AssertionError as error:
                return {"check_error": str(error) or "assertion failed"}
            cr.rollback()
        return {"facts": facts or {}}

    def _prepare(self, env):
        contender = self.bench.contenders[self.args.contender]
        if contender.workers > 1:
            return contender.func(env, self.args.size, self.args.worker, self.args.workers)
        return contender.func(env, self.args.size)

    def _wait_go(self):
        if self.args.child == "smoke":
            if getattr(self, "barrier", None):
                self.barrier.wait()  # the workers of one contender start together
            return
        print("READY", flush=True)
        sys.stdin.readline()

    def _release(self, db):
        """Forget ``db``'s registry and close its connections (to copy or drop it)."""
        from odoo import sql_db
        from odoo.modules.registry import Registry

        Registry.delete(db)
        sql_db.close_db(db)

    def _smoke(self):
        """Smoke mode (see ``Bench._smoke_size``): the build on this database, then per contender
        a copy of it, its registry in this process, the run and the check; each worker of a
        multi-worker contender in its own thread, at once, then the check."""
        from odoo.modules.registry import Registry

        data_db = self.args.db
        log(f"  # process up, registry loaded in {time.perf_counter() - PROCESS_START:.1f} s")
        try:
            t0 = time.perf_counter()
            built = self._build()
            log(f"  # data built in {time.perf_counter() - t0:.1f} s")
        except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the run
            traceback.print_exc()
            return {"build": {"error": f"{type(error).__name__}: {error}"}}
        self._release(data_db)
        runs = {}
        for name in self.args.contender.split(","):
            run_db = f"{data_db}_run_{name}"
            t0 = time.perf_counter()
            clone_db(data_db, run_db)
            t1 = time.perf_counter()
            self.registry = Registry(run_db)
            t2 = time.perf_counter()
            self.args.contender = name
            try:
                runs[name] = self._smoke_contender(self.bench.contenders[name].workers)
                log(
                    f"  # {name}: copy {t1 - t0:.1f} s, registry {t2 - t1:.1f} s, "
                    f"preparation, run and check {time.perf_counter() - t2:.1f} s"
                )
            except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the run
                traceback.print_exc()
                runs[name] = [{"error": f"{type(error).__name__}: {error}"}]
            finally:
                self._release(run_db)
                if not self.args.keep:
                    drop_db(run_db)
        return {"build": built, "runs": runs}

    def _smoke_contender(self, workers):
        if workers == 1:
            return [self._run()]
        answers, threads, barrier = [None] * workers, [], threading.Barrier(workers)

        def work(worker):
            args = argparse.Namespace(**vars(self.args))
            args.worker, args.workers = worker, workers
            child = Child(self.bench, args)
            child.registry, child.barrier = self.registry, barrier
            try:
                answers[worker] = child._run()
            except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the run
                barrier.abort()  # the other workers stop waiting for this one
                traceback.print_exc()
                answers[worker] = {"error": f"{type(error).__name__}: {error}"}

        for worker in range(workers):
            threads.append(threading.Thread(target=work, args=(worker,), name=f"bench-worker-{worker}"))
            threads[-1].start()
        for thread in threads:
            thread.join()
        if not any(answer.get("error") for answer in answers):
            answers[0].update(self._check())
        return answers

    def _run(self):
        from odoo import sql_db

        profiler = Profiler() if self.args.profile else None
        self.statements = profiler and profiler.statements
        if self.bench.kind == "latency":
            answer = self._run_latency(profiler)
        else:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                work = self._prepare(env)
                cr.commit()
                self._wait_go()
                backend = cr._cnx.info.backend_pid
                queries, db_cpu, cpu = sql_db.sql_counter, backend_cpu(backend), time.process_time()
                start, t0 = time.time(), time.perf_counter()
                if profiler:
                    profiler.enable()
                result = work()
                cr.commit()
                if profiler:
                    profiler.disable()
                wall = time.perf_counter() - t0
                answer = {
                    "start": start,
                    "end": start + wall,
                    "cpu": time.process_time() - cpu,
                    "db_cpu": backend_cpu(backend) - db_cpu,
                    "queries": sql_db.sql_counter - queries,
                }
            answer["result"] = result
        answer["rss_mb"] = peak_rss_mb()
        answer["worker"] = self.args.worker
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
            answer["profile"] = out.getvalue() + self.statements.report()
        if self.args.workers == 1:
            answer.update(self._check(answer.get("result")))
        answer.pop("result", None)
        return answer

    def _run_latency(self, profiler):
        from odoo import sql_db

        with self.registry.cursor() as cr:
            call = self._prepare(self._env(cr))
            cr.commit()
        for _warm in range(WARMUP_CALLS):
            self._call(call)
        self._wait_go()
        times, counts, cpu, db_cpu, result = [], [], 0.0, 0.0, None
        start = time.time()
        for _run in range(self.args.runs):
            with self.registry.cursor() as cr:
                env = self._env(cr)
                backend = cr._cnx.info.backend_pid
                queries, before_db, before = sql_db.sql_counter, backend_cpu(backend), time.process_time()
                t0 = time.perf_counter()
                if profiler:
                    profiler.enable()
                result = call(env)
                if profiler:
                    profiler.disable()
                times.append((time.perf_counter() - t0) * 1000)
                cpu += time.process_time() - before
                db_cpu += backend_cpu(backend) - before_db
                counts.append(sql_db.sql_counter - queries)
                cr.rollback()
        return {
            "start": start,
            "end": start + sum(times) / 1000,
            "cpu": cpu,
            "db_cpu": db_cpu,
            "queries": sum(counts),
            "queries_per_call": max(counts),
            "calls": len(times),
            "p50_ms": statistics.median(times),
            "p95_ms": statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0],
            "result": result,
        }

    def _call(self, call):
        with self.registry.cursor() as cr:
            call(self._env(cr))
            cr.rollback()


# ------------------------------------------------------------------------------ all benchmarks


def discover(names=()):
    """``{name: Bench}`` of ``bench/bench_<name>.py`` (all of them, or those named)."""
    sys.path.insert(0, str(BENCH_DIR))
    import harness  # the module the benchmarks import (this file may be running as __main__)

    found = {}
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if names and name not in names:
            continue
        module = importlib.import_module(path.stem)
        benches = [value for value in vars(module).values() if isinstance(value, harness.Bench)]
        if len(benches) != 1:
            raise SystemExit(f"FAILED: {path} must define exactly one harness.Bench")
        benches[0].file = path
        found[name] = benches[0]
    unknown = set(names) - set(found)
    if unknown:
        raise SystemExit(f"FAILED: no benchmark bench/bench_{'/'.join(sorted(unknown))}.py")
    return found


def run_each(benches, extra, env, jobs):
    """Run each benchmark's file in its own process, ``jobs`` at once (smoke mode only: their
    output is then kept and printed whole as each ends); return the failed ones."""
    failed, pending, running = [], list(benches.items()), []
    while pending or running:
        while pending and len(running) < jobs:
            name, bench = pending.pop(0)
            cmd = [sys.executable, str(bench.file), *extra]
            if jobs == 1:
                proc, out = subprocess.Popen(cmd, env=env), None
            else:
                out = open(LOG_DIR / f"bench-{name}-{os.getpid()}.out", "w+", encoding="utf-8")  # noqa: SIM115
                proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
            running.append((name, proc, out))
        time.sleep(0.2)
        for item in list(running):
            name, proc, out = item
            if proc.poll() is None:
                continue
            running.remove(item)
            if out:
                out.seek(0)
                sys.stdout.write(out.read())
                sys.stdout.flush()
                out.close()
                Path(out.name).unlink(missing_ok=True)
            if proc.returncode:
                failed.append(f"{name} (exit {proc.returncode})")
    return failed


def run_all(argv=None):
    """Run every benchmark (or those named), each in its own process; in smoke mode they share
    one install of all their addons and peers (one install instead of one per benchmark) and run
    two at a time (``--jobs``). ``--install-only DB`` / ``--base-db DB``: the shared install made
    ahead (``make test`` makes it while the Odoo tests run), then used."""
    parser = argparse.ArgumentParser(description="run the benchmarks of bench/")
    parser.add_argument("--smoke", action="store_true", help="BENCH_SMOKE=1: tiny sizes, checks only")
    parser.add_argument("--install-only", metavar="DB", help="smoke: only install the shared database DB, and keep it")
    parser.add_argument("--base-db", metavar="DB", help="smoke: use DB (from --install-only) instead of installing")
    parser.add_argument("--jobs", type=int, help="benchmarks run at once (smoke: 2, one per core; full runs: always 1)")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.smoke:
        env["BENCH_SMOKE"] = "1"
    benches = discover(args.names)
    started = time.perf_counter()
    extra, base = [], None
    prefix = f"bench_all_{os.getpid()}"
    failed = []
    try:
        if args.smoke or SMOKE:
            modules, path = [], os.environ["ADDONS_PATH"]
            for bench in benches.values():
                modules += [addon for addon in bench.addons if addon not in modules]
                peer_dir = bench.peer_addons_dir()
                if peer_dir:
                    modules.append(bench.peer[1])
                    path += f",{peer_dir}" if str(peer_dir) not in path.split(",") else ""
            base = args.base_db or args.install_only or f"{prefix}_base"
            if args.base_db:
                absent = set(modules) - installed_modules(base, modules)
                if absent:
                    raise SystemExit(f"FAILED: {', '.join(sorted(absent))} not installed in {base}")
            else:
                install_db(base, modules, path)
            if args.install_only:
                base = None  # kept for a later run with --base-db
                return 0
            extra = ["--base-db", base]
            env["ADDONS_PATH"] = path  # every peer of the shared install on every benchmark's path
        smoke = args.smoke or SMOKE
        jobs = max(args.jobs or 2, 1) if smoke else 1  # timed runs never share the machine
        failed += run_each(benches, extra, env, jobs)
    finally:
        if base and not args.base_db:
            drop_db(base)
    log(
        f"# {len(benches)} benchmark(s) in {time.perf_counter() - started:.0f} s; failed: {', '.join(failed) or 'none'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_all())
