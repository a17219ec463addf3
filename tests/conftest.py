"""A real Odoo 18 HTTP server for the integration tests, driven over JSON-RPC.

The session builds one template database holding the Odoo core addons our addons build on
(without demo data), starts `tools/odoo.sh` as a server on a free loopback port, and gives each
test a fresh copy of the template: a database where none of our addons is installed yet
(``fresh_db``), or, for a module that shares one database between its tests,
``odoo_server.create_database([addons])`` with our addons installed from the Apps list.
``Database.as_user(login, password)`` calls as another user, to test as the least-privileged one.

Outgoing mail: this server is a real server (not ``--test-enable``), so it connects to its
outgoing mail server. The ``smtp`` fixture is a real SMTP server on loopback (aiosmtpd,
``smtp_harness.py``) that records what it accepts and can refuse connections, answer 4xx/5xx or
drop the connection; ``smtp.configure_odoo(db)`` makes it the database's outgoing mail server.
``test_mail_delivery.py`` proves invoices, offers and pro formas with it; the dunning e-mails
(payment reminders, interest notes) and the mail archive use the same harness for theirs.
"""

import os
import pathlib
import re
import shlex
import subprocess
import time
import uuid

import pytest
import requests
from smtp_harness import SmtpSink
from testrun import free_port  # tools/testrun.py (pytest.ini puts tools/ on the path)

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORE_ADDONS = "mail,calendar,contacts,account,sale_management,sms,phone_validation"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<message>.*)$")


def _load_state_env():
    """Export what tools/bootstrap.sh found, for a pytest started by hand."""
    env_file = ROOT / ".state" / "env"
    if not env_file.exists():
        subprocess.run([str(ROOT / "tools" / "bootstrap.sh")], check=True)
    for line in env_file.read_text().splitlines():
        if line.startswith("export "):
            for assignment in shlex.split(line[len("export ") :]):
                key, _, value = assignment.partition("=")
                if key != "PATH":
                    os.environ[key] = value


def _allowlist():
    lines = (ROOT / "tools" / "log-allowlist.txt").read_text().splitlines()
    return [re.compile(line) for line in (raw.strip() for raw in lines) if line and not line.startswith("#")]


class OdooServer:
    """The running server, its log, and JSON-RPC helpers bound to one database."""

    def __init__(self, url, log_path):
        self.url = url
        self.log_path = log_path
        self._log_offset = 0
        self.allowlist = _allowlist()

    def rpc(self, service, method, *args):
        payload = {"jsonrpc": "2.0", "method": "call", "id": uuid.uuid4().hex, "params": {}}
        payload["params"] = {"service": service, "method": method, "args": list(args)}
        response = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=600)
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(body["error"]["data"].get("message") or body["error"]["message"])
        return body.get("result")  # a method returning None answers without "result"

    def create_database(self, addons=()):
        """A copy of the template (Odoo core addons, none of ours), then ``addons`` installed the
        way an administrator does it in the Apps list; returns it as the administrator."""
        name = f"{self.tag}_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-T", self.template, name], check=True)
        db = Database(self, name)
        if addons:
            db.call("ir.module.module", "update_list")
            ids = db.call("ir.module.module", "search", [("name", "in", list(addons))])
            assert len(ids) == len(addons), f"not all of {addons} are in the Apps list"
            db.call("ir.module.module", "button_immediate_install", ids)
        return db

    def drop_database(self, db):
        subprocess.run(["dropdb", "--if-exists", "--force", db.name], check=False)

    def new_log_problems(self):
        """WARNING/ERROR lines logged since the last call, less the allow-listed ones."""
        text = self.log_path.read_text(errors="replace")
        fresh, self._log_offset = text[self._log_offset :], len(text)
        problems = []
        for line in fresh.splitlines():
            match = LOG_LINE.match(line)
            if not match or match["level"] not in ("WARNING", "ERROR", "CRITICAL"):
                continue
            if not any(p.search(match["message"]) for p in self.allowlist):
                problems.append(line)
        return problems


class Database:
    """One database on the server, as one user (the administrator unless told otherwise)."""

    def __init__(self, server, name, login="admin", password="admin"):
        self.server = server
        self.name = name
        self.login = login
        self.password = password
        self.uid = server.rpc("common", "login", name, login, password)
        assert self.uid, f"cannot log in to {name} as {login}"

    def call(self, model, method, *args, **kwargs):
        return self.server.rpc(
            "object", "execute_kw", self.name, self.uid, self.password, model, method, list(args), kwargs
        )

    def as_user(self, login, password):
        """The same database seen by another user (to test as the least-privileged one)."""
        return Database(self.server, self.name, login, password)

    def ref(self, xmlid):
        """Database id of the record ``module.name``."""
        module, name = xmlid.split(".")
        data = self.call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
        )
        assert data, f"no record {xmlid}"
        return data[0]["res_id"]


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    _load_state_env()
    tag = f"crm_pytest_{os.getpid()}"
    template = f"crm_pytemplate_{os.getpid()}"  # outside the server's db-filter: never opened
    subprocess.run(["dropdb", "--if-exists", template], check=True)
    subprocess.run(["createdb", template], check=True)
    build_log = tmp_path_factory.mktemp("odoo") / "template.log"
    with build_log.open("w") as log:
        subprocess.run(
            [
                str(ROOT / "tools" / "odoo.sh"),
                "-d",
                template,
                "-i",
                CORE_ADDONS,
                "--without-demo=all",
                "--stop-after-init",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
    port = free_port()
    log_path = tmp_path_factory.mktemp("odoo") / "server.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        [
            str(ROOT / "tools" / "odoo.sh"),
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--workers=0",
            "--max-cron-threads=0",
            f"--db-filter=^{tag}_.*$",
        ],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    server = OdooServer(f"http://127.0.0.1:{port}", log_path)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"{server.url}/web/health", timeout=5).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.5)
    else:
        process.terminate()
        raise RuntimeError(f"Odoo did not start; see {log_path}")
    server.template = template
    server.tag = tag
    yield server
    process.terminate()
    process.wait(timeout=60)
    log_file.close()
    subprocess.run(["dropdb", "--if-exists", template], check=False)


@pytest.fixture
def fresh_db(odoo_server):
    """A copy of the template: Odoo core addons installed, none of ours."""
    db = odoo_server.create_database()
    odoo_server.new_log_problems()
    yield db
    odoo_server.drop_database(db)


@pytest.fixture(scope="session")
def smtp_sink():
    """A real SMTP server on loopback (see smtp_harness.py), shared by the session.

    Use it through ``smtp``, which gives it back reset (nothing received, answering 250)."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp(smtp_sink):
    smtp_sink.reset()
    yield smtp_sink
    smtp_sink.reset()
