"""Przypominacz, the desktop program (folder przypominacz/), against a real Odoo server.

The program is installed the way a user installs it, ``pip install ./przypominacz`` into a
virtualenv of its own (once per module), and runs as that ``przypominacz`` command in a
subprocess: its own config dir (XDG_CONFIG_HOME), a private D-Bus session bus with a recording
notification service (tests/fake_notification_service.py) standing for the desktop (the
program's real external boundary, reached through the desktop-notifier library), and the
JSON-RPC API of the server that tests/conftest.py starts. The server state after
--snooze/--dismiss is read back over JSON-RPC as the same user.
"""

import datetime
import json
import os
import pathlib
import shutil
import socket
import stat
import subprocess
import sys
import sysconfig
import uuid

import pytest
import requests
from conftest import Database

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "przypominacz"
FAKE_SERVICE = pathlib.Path(__file__).with_name("fake_notification_service.py")
PASSWORD = "Kr0t-Haslo!przypominacz"  # distinctive, so any leak into the output is caught


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    """``pip install ./przypominacz`` into a new virtualenv: the path of its ``przypominacz``.

    Offline and quick: the venv sees the system's packages (setuptools builds the package with
    --no-build-isolation) and, through a .pth file, this test run's own (requests and
    desktop-notifier, the dependencies pyproject.toml names), so pip installs with --no-deps.
    The source is copied first, so the build leaves nothing in the repository.
    """
    tmp = tmp_path_factory.mktemp("przypominacz")
    source = tmp / "src"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    venv = tmp / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    venv_python = venv / "bin" / "python"
    site = subprocess.run(
        [str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pathlib.Path(site, "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            str(venv_python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return venv / "bin" / "przypominacz"


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    """A private D-Bus session bus with a recording notification service on it."""
    tmp = tmp_path_factory.mktemp("desktop")
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = bus.stdout.readline().strip()
    log = tmp / "notifications.jsonl"
    service = subprocess.Popen(
        [sys.executable, str(FAKE_SERVICE), str(log)],
        env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert service.stdout.readline().strip() == "ready", "the notification service did not start"
    yield {"address": address, "log": log}
    for process in (service, bus):
        process.terminate()
        process.wait(timeout=30)


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
def env(tmp_path, program, desktop):
    """Environment of one program run: its own config dir, the desktop's session bus, and the
    installed command under test in PRZYPOMINACZ."""
    desktop["log"].unlink(missing_ok=True)
    variables = dict(
        os.environ,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        DBUS_SESSION_BUS_ADDRESS=desktop["address"],
        NOTIFY_LOG=str(desktop["log"]),
        HOME=str(tmp_path),
        PRZYPOMINACZ=str(program),
    )
    variables.pop("DISPLAY", None)
    return variables


def run(env, *args, stdin=None, timeout=120):
    result = subprocess.run(
        [env["PRZYPOMINACZ"], *args], env=env, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert PASSWORD not in output, "the password was printed"
    return result


def notifications(env):
    """The notifications the desktop was asked to show since the test began."""
    log = pathlib.Path(env["NOTIFY_LOG"])
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def user_rpc(db, user, method, *args, **kwargs):
    """``crm.reminder`` as the user, straight over JSON-RPC (not through the program)."""
    return db.server.rpc(
        "object", "execute_kw", db.name, user["uid"], PASSWORD, "crm.reminder", method, list(args), kwargs
    )


def add_activities(db, user, partner_name, *activities):
    """Activities ``(summary, deadline date)`` of ``user`` on a new partner: their ids."""
    partner_id = db.call("res.partner", "create", {"name": partner_name})
    partner_model = db.call("ir.model", "search", [("model", "=", "res.partner")])[0]
    return [
        db.call(
            "mail.activity",
            "create",
            {
                "res_model_id": partner_model,
                "res_id": partner_id,
                "summary": summary,
                "date_deadline": str(deadline),
                "user_id": user["uid"],
            },
        )
        for summary, deadline in activities
    ]


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


def test_pip_install_gives_a_working_command(program, tmp_path):
    """``pip install ./przypominacz`` made a ``przypominacz`` command (the console entry point)
    whose --help explains the usage; the same program answers ``python -m przypominacz``."""
    result = subprocess.run([str(program), "--help"], capture_output=True, text=True, check=True, timeout=60)
    for word in ("configure", "--once", "--snooze", "--dismiss", "config.ini", "desktop-notifier", "Exit codes"):
        assert word in result.stdout
    python = program.parent / "python"
    result = subprocess.run(
        [str(python), "-m", "przypominacz", "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.startswith("usage: przypominacz")
    located = subprocess.run(
        [str(python), "-c", "import przypominacz; print(przypominacz.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert located.startswith(str(program.parent.parent)), "the installed copy runs, not the source tree"
    assert not (PACKAGE / "build").exists(), "the install left a build folder in the repository"


def test_shows_snoozes_and_dismisses_reminders(reminders_db, salesperson, env):
    db = reminders_db
    today = datetime.datetime.now(datetime.timezone.utc).date()
    call_id, visit_id = add_activities(
        db,
        salesperson,
        "Kowalski Sp. z o.o.",
        ("Zadzwonić do Kowalskiego", today),
        ("Wizyta u klienta", today - datetime.timedelta(days=2)),
    )
    assert call_id and visit_id

    result = configure(env, db, salesperson["login"])
    assert result.returncode == 0, result.stderr
    config = pathlib.Path(env["XDG_CONFIG_HOME"]) / "przypominacz" / "config.ini"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert PASSWORD in config.read_text(), "the password is kept in the user's config file"

    result = run(env, "--once")
    assert result.returncode == 0, result.stderr
    shown = {n["summary"].split(" - ")[0]: n for n in notifications(env)}  # "<what> - <partner>"
    assert set(shown) == {"Zadzwonić do Kowalskiego", "Wizyta u klienta"}, shown
    assert shown["Wizyta u klienta"]["urgency"] == 2, "the overdue visit is urgent (critical)"
    assert shown["Zadzwonić do Kowalskiego"]["urgency"] == 1
    assert shown["Wizyta u klienta"]["body"].startswith("Overdue since")
    assert {n["app_name"] for n in shown.values()} == {"Przypominacz"}
    assert "no desktop notifications" not in result.stderr
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
    assert notifications(env) == []
    assert "Zadzwonić" not in result.stdout and "Wizyta" not in result.stdout

    assert db.server.new_log_problems() == []
    result = run(env, "--snooze", "no-such-key", "30")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("the server refused the request: no-such-key is not a reminder key.")
    # Odoo logs every UserError answered over RPC as a WARNING of odoo.http: that one only.
    assert all("is not a reminder key" in line for line in db.server.new_log_problems())


def test_without_a_desktop_the_reminders_are_printed(reminders_db, salesperson, env):
    """Headless (CI, a terminal on a server): no notification service answers, so the program
    says so once and prints the reminders, exiting 0 as usual."""
    db = reminders_db
    today = datetime.datetime.now(datetime.timezone.utc).date()
    add_activities(
        db, salesperson, "Nowak S.A.", ("Wysłać ofertę Nowakowi", today), ("Potwierdzić saldo z Nowakiem", today)
    )
    assert configure(env, db, salesperson["login"]).returncode == 0
    headless = {key: value for key, value in env.items() if key != "DBUS_SESSION_BUS_ADDRESS"}

    result = run(headless, "--once")
    assert result.returncode == 0, result.stderr
    assert "Wysłać ofertę Nowakowi" in result.stdout and "Potwierdzić saldo z Nowakiem" in result.stdout
    said = [line for line in result.stderr.splitlines() if "no desktop notifications" in line]
    assert len(said) == 1 and said[0].endswith("the reminders are printed only"), result.stderr
    assert notifications(env) == [], "nothing reached the desktop's notification service"


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
        [env["PRZYPOMINACZ"], "--backoff=0.2", "--backoff-max=0.5"],
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
