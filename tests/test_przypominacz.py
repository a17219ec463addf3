"""The external Przypominacz program (tools/przypominacz) against a real Odoo server.

The program runs as a subprocess, the way a user starts it: its own config dir
(XDG_CONFIG_HOME), a fake ``notify-send`` first on PATH that records what would pop up on the
desktop (the program's real external boundary), and the JSON-RPC API of the server that
tests/conftest.py starts. The server state after --snooze/--dismiss is read back over
JSON-RPC as the same user.
"""

import datetime
import os
import pathlib
import socket
import stat
import subprocess
import sys
import uuid

import pytest
import requests
from conftest import Database

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "tools" / "przypominacz"
PASSWORD = "Kr0t-Haslo!przypominacz"  # distinctive, so any leak into the output is caught
FAKE_NOTIFY_SEND = """#!/bin/sh
# Records each call: one line per argument, then a separator.
for arg in "$@"; do printf '%s\\n' "$arg" >> "$NOTIFY_LOG"; done
echo ---- >> "$NOTIFY_LOG"
"""


@pytest.fixture(scope="module")
def reminders_db(odoo_server):
    """One database for the module, with crm_reminders installed once (an install costs ~15 s)."""
    name = f"{odoo_server.tag}_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-T", odoo_server.template, name], check=True)
    db = Database(odoo_server, name)
    db.call("ir.module.module", "update_list")
    module = db.call("ir.module.module", "search", [("name", "=", "crm_reminders")])
    db.call("ir.module.module", "button_immediate_install", module)
    odoo_server.new_log_problems()
    yield db
    subprocess.run(["dropdb", "--if-exists", "--force", name], check=False)


@pytest.fixture(scope="module")
def salesperson(reminders_db):
    """A plain internal user (the contract: the reminder API is open to any internal user)."""
    db = reminders_db
    group_user = db.call("ir.model.data", "check_object_reference", "base", "group_user")[1]
    uid = db.call(
        "res.users",
        "create",
        {
            "name": "Anna Handlowiec",
            "login": "anna",
            "password": PASSWORD,
            "tz": "UTC",
            "groups_id": [(6, 0, [group_user])],
        },
    )
    return {"uid": uid, "login": "anna"}


@pytest.fixture
def env(tmp_path):
    """Environment of one program run: its own config dir and a recording notify-send on PATH."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    notify = fake_bin / "notify-send"
    notify.write_text(FAKE_NOTIFY_SEND)
    notify.chmod(0o755)
    python_dir = str(pathlib.Path(sys.executable).parent)  # a python3 with requests for the shebang
    return dict(
        os.environ,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        NOTIFY_LOG=str(tmp_path / "notify.log"),
        PATH=os.pathsep.join([str(fake_bin), python_dir, os.environ.get("PATH", "")]),
        HOME=str(tmp_path),
    )


def run(env, *args, stdin=None, timeout=120):
    result = subprocess.run(
        [str(PROGRAM), *args], env=env, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert PASSWORD not in output, "the password was printed"
    return result


def notifications(env):
    log = pathlib.Path(env["NOTIFY_LOG"])
    return log.read_text() if log.exists() else ""


def user_rpc(db, user, method, *args, **kwargs):
    """``crm.reminder`` as the user, straight over JSON-RPC (not through the program)."""
    return db.server.rpc(
        "object", "execute_kw", db.name, user["uid"], PASSWORD, "crm.reminder", method, list(args), kwargs
    )


def configure(env, db, login, password=PASSWORD):
    return run(
        env,
        "configure",
        f"--url={db.server.url}",
        f"--db={db.name}",
        f"--login={login}",
        "--retries=0",
        stdin=password + "\n",
    )


def test_help_explains_usage():
    result = subprocess.run([str(PROGRAM), "--help"], capture_output=True, text=True, check=True, timeout=60)
    for word in ("configure", "--once", "--snooze", "--dismiss", "config.ini", "notify-send", "Exit codes"):
        assert word in result.stdout


def test_shows_snoozes_and_dismisses_reminders(reminders_db, salesperson, env):
    db = reminders_db
    partner_id = db.call("res.partner", "create", {"name": "Kowalski Sp. z o.o."})
    partner_model = db.call("ir.model", "search", [("model", "=", "res.partner")])[0]
    today = datetime.datetime.now(datetime.timezone.utc).date()
    call_id, visit_id = (
        db.call(
            "mail.activity",
            "create",
            {
                "res_model_id": partner_model,
                "res_id": partner_id,
                "summary": summary,
                "date_deadline": str(deadline),
                "user_id": salesperson["uid"],
            },
        )
        for summary, deadline in (
            ("Zadzwonić do Kowalskiego", today),
            ("Wizyta u klienta", today - datetime.timedelta(days=2)),
        )
    )
    assert call_id and visit_id

    result = configure(env, db, salesperson["login"])
    assert result.returncode == 0, result.stderr
    config = pathlib.Path(env["XDG_CONFIG_HOME"]) / "przypominacz" / "config.ini"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert PASSWORD in config.read_text(), "the password is kept in the user's config file"

    result = run(env, "--once")
    assert result.returncode == 0, result.stderr
    shown = notifications(env)
    assert "Zadzwonić do Kowalskiego" in shown and "Wizyta u klienta" in shown, shown
    assert "--urgency=critical" in shown, "the overdue visit is urgent"
    assert "Zadzwonić do Kowalskiego" in result.stdout and "OVERDUE" in result.stdout

    reminders = user_rpc(db, salesperson, "get_reminders")
    call_key, visit_key = (
        next(r["key"] for r in reminders if title in r["title"])
        for title in ("Zadzwonić do Kowalskiego", "Wizyta u klienta")
    )
    assert f"key={call_key}" in result.stdout

    result = run(env, "--snooze", call_key, "30")
    assert result.returncode == 0, result.stderr
    result = run(env, "--dismiss", visit_key)
    assert result.returncode == 0, result.stderr
    keys = {r["key"] for r in user_rpc(db, salesperson, "get_reminders")}
    assert call_key not in keys and visit_key not in keys, "snooze and dismiss reached the server"
    state = user_rpc(db, salesperson, "search_read", [], fields=["key", "dismissed", "snoozed_until"])
    assert {(s["key"], s["dismissed"], bool(s["snoozed_until"])) for s in state} == {
        (call_key, False, True),
        (visit_key, True, False),
    }, "the user's snooze and dismissal are stored on the server (they hold across devices)"

    pathlib.Path(env["NOTIFY_LOG"]).unlink()
    result = run(env, "--once")
    assert result.returncode == 0, result.stderr
    assert "Zadzwonić" not in notifications(env) + result.stdout
    assert "Wizyta" not in notifications(env) + result.stdout

    assert db.server.new_log_problems() == []
    result = run(env, "--snooze", "no-such-key", "30")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("the server refused the request: no-such-key is not a reminder key.")
    # Odoo logs every UserError answered over RPC as a WARNING of odoo.http: that one only.
    assert all("is not a reminder key" in line for line in db.server.new_log_problems())


def _new_api_key(db, user):
    """An API key made the way a user makes one in the web client (My Profile > Account
    Security): the key wizard, the identity check with the password, the key shown once.
    It needs a web session (the identity check lives in it), hence /web/ rather than /jsonrpc."""
    session = requests.Session()

    def web(path, params):
        body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        answer = session.post(f"{db.server.url}{path}", json=body, timeout=120).json()
        assert "error" not in answer, answer["error"]
        return answer["result"]

    def call(model, method, *args):
        params = {"model": model, "method": method, "args": list(args), "kwargs": {}}
        return web(f"/web/dataset/call_kw/{model}/{method}", params)

    web("/web/session/authenticate", {"db": db.name, "login": user["login"], "password": PASSWORD})
    wizard = call("res.users.apikeys.description", "create", {"name": "Przypominacz", "duration": "1"})
    check = call("res.users.apikeys.description", "make_key", [wizard])
    assert check["res_model"] == "res.users.identitycheck"
    call("res.users.identitycheck", "write", [check["res_id"]], {"password": PASSWORD})
    shown = call("res.users.identitycheck", "run_check", [check["res_id"]])
    return shown["context"]["default_key"]


def test_api_key_instead_of_password(reminders_db, salesperson, env):
    key = _new_api_key(reminders_db, salesperson)
    result = run(
        env,
        "configure",
        f"--url={reminders_db.server.url}",
        f"--db={reminders_db.name}",
        f"--login={salesperson['login']}",
        "--api-key",
        stdin=key + "\n",
    )
    assert result.returncode == 0, result.stderr
    config = (pathlib.Path(env["XDG_CONFIG_HOME"]) / "przypominacz" / "config.ini").read_text()
    assert f"api_key = {key}" in config and "password" not in config
    result = run(env, "--once")
    assert result.returncode == 0, result.stderr
    assert key not in result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith("reminder(s) for anna")


def test_wrong_password_is_a_clear_error(reminders_db, salesperson, env):
    result = configure(env, reminders_db, salesperson["login"], password="wrong-" + PASSWORD[::-1])
    assert result.returncode == 3
    assert "login failed for user 'anna'" in result.stderr and "wrong login, password or API key" in result.stderr
    assert not (pathlib.Path(env["XDG_CONFIG_HOME"]) / "przypominacz" / "config.ini").exists()

    # A password changed on the server after the program was configured.
    assert configure(env, reminders_db, salesperson["login"]).returncode == 0
    config = pathlib.Path(env["XDG_CONFIG_HOME"]) / "przypominacz" / "config.ini"
    config.write_text(config.read_text().replace(PASSWORD, PASSWORD + "-old"))
    result = run(env, "--once", "--retries=0")
    assert result.returncode == 3
    assert "wrong login, password or API key" in result.stderr
    assert PASSWORD + "-old" not in result.stdout + result.stderr


def test_server_down_retries_then_fails_clearly(env):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    result = run(env, "configure", f"--url={url}", "--db=x", "--login=anna", "--no-check", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr

    result = run(env, "--once", "--retries=2", "--backoff=0.1")
    assert result.returncode == 4
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == (
        f"przypominacz: error: cannot connect to {url} (connection refused); gave up after 3 attempts"
    ), result.stderr
    assert sum("retrying in" in line for line in lines) == 2

    result = run(env, "--snooze", "any-key", "soon")  # refused before any connection attempt
    assert result.returncode == 2
    assert result.stderr == "przypominacz: error: MINUTES must be a whole number, not 'soon'\n"

    # The polling loop keeps running while the server is down (stopped here after 3 s).
    process = subprocess.Popen(
        [str(PROGRAM), "--backoff=0.2", "--backoff-max=0.5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=3)
    process.terminate()
    stdout, stderr = process.communicate(timeout=30)
    assert "retrying in 0.5 s" in stderr, "the back-off grows up to its cap"
    assert "Traceback" not in stdout + stderr and PASSWORD not in stdout + stderr
