"""Przypominacz: desktop notifications of an Odoo user's CRM reminders, without a browser.

Like Comarch ERP Optima's separate Przypominacz program, it runs beside the user's other work:
it logs in to an Odoo server over its JSON-RPC API (``/jsonrpc``) with the user's login and
password or API key, polls ``crm.reminder.get_reminders`` (addon ``crm_reminders``) and shows
each reminder once as a desktop notification (Windows, Linux and macOS, through the
desktop-notifier library; every reminder is also printed as one line on stdout, the only output
where no notification service runs). Snooze and dismiss go back to the server, so the web
client and every other device see them too.

Usage:
  przypominacz configure --url URL --db DB --login LOGIN [--api-key]   (asks for the secret)
  przypominacz                  poll every --interval seconds until interrupted
  przypominacz --once           poll once, print the reminders, exit (0 when it worked)
  przypominacz --snooze KEY MINUTES
  przypominacz --dismiss KEY

The configuration lives in $XDG_CONFIG_HOME/przypominacz/config.ini (else
~/.config/przypominacz/config.ini), file mode 0600. The secret is never printed: every message
passes through a mask. A server that cannot be reached is retried with exponential back-off
(capped); the polling loop keeps running, --once/--snooze/--dismiss give up after --retries.

Exit codes: 0 done, 1 the server refused the request, 2 usage or configuration error,
3 wrong login/password/API key, 4 server unreachable, 130 interrupted.
"""

from __future__ import annotations

import argparse
import configparser
import getpass
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import requests

from .notifications import DesktopNotifications

MASK = "********"
EXIT_OK, EXIT_SERVER, EXIT_USAGE, EXIT_AUTH, EXIT_UNREACHABLE = 0, 1, 2, 3, 4
REQUEST_TIMEOUT = (5, 60)  # connect, read (seconds)
MODEL = "crm.reminder"
T = TypeVar("T")

_logger = logging.getLogger("przypominacz")


class Redactor(logging.Filter):
    """Masks the configured secret in every text we show, logged or printed."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret:
            self.secrets.add(secret)

    def mask(self, text: object) -> str:
        text = str(text)
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.mask(record.getMessage()), None
        return True


REDACTOR = Redactor()


class PrzypominaczError(Exception):
    """An error to report as one line, with the process exit code that goes with it."""

    exit_code = EXIT_SERVER


class ConfigError(PrzypominaczError):
    exit_code = EXIT_USAGE


class AuthError(PrzypominaczError):
    exit_code = EXIT_AUTH


class Unreachable(PrzypominaczError):
    """The server did not answer (refused, timed out, or a proxy said it is unavailable)."""

    exit_code = EXIT_UNREACHABLE


# --------------------------------------------------------------------------- configuration


def default_config_path() -> Path:
    """The user's config dir per the XDG base directory spec."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "przypominacz" / "config.ini"


def load_config(path: Path) -> dict[str, str]:
    """Read url, db, login and the secret (``password`` or ``api_key``) and register the mask."""
    if not path.exists():
        raise ConfigError(f"no configuration at {path}: run 'przypominacz configure' first")
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    section = parser["server"] if parser.has_section("server") else {}
    conf = {key: str(section.get(key, "")).strip() for key in ("url", "db", "login")}
    conf.update({key: str(section.get(key, "")) for key in ("password", "api_key")})  # verbatim
    conf["interval"] = str(section.get("interval", "")).strip()
    conf["secret"] = conf["api_key"] or conf["password"]
    REDACTOR.add(conf["password"])
    REDACTOR.add(conf["api_key"])
    missing = [key for key in ("url", "db", "login") if not conf[key]]
    if not conf["secret"]:
        missing.append("password or api_key")
    if missing:
        raise ConfigError(f"{path} lacks {', '.join(missing)}: run 'przypominacz configure'")
    if os.name == "posix" and path.stat().st_mode & 0o077:  # Windows keeps rights in ACLs
        _logger.warning("%s is readable by other users; run: chmod 600 %s", path, path)
    return conf


def write_config(path: Path, url: str, db: str, login: str, secret: str, api_key: bool) -> None:
    """Write the config with mode 0600 from the first byte (never world-readable, even briefly)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser["server"] = {"url": url.rstrip("/"), "db": db, "login": login}
    parser["server"]["api_key" if api_key else "password"] = secret
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        parser.write(handle)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- JSON-RPC client


class OdooClient:
    """Stateless JSON-RPC calls: every ``execute_kw`` carries the uid and the secret."""

    def __init__(self, url: str, db: str, login: str, secret: str) -> None:
        self.url, self.db, self.login, self._secret = url.rstrip("/"), db, login, secret
        self.uid: int | None = None
        self.session = requests.Session()

    def _rpc(self, service: str, method: str, *args: Any) -> Any:
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": uuid.uuid4().hex,
            "params": {"service": service, "method": method, "args": list(args)},
        }
        try:
            response = self.session.post(f"{self.url}/jsonrpc", json=payload, timeout=REQUEST_TIMEOUT)
        except requests.Timeout:
            raise Unreachable(f"{self.url} did not answer in time") from None
        except requests.ConnectionError as exc:
            raise Unreachable(f"cannot connect to {self.url} ({_reason(exc)})") from None
        except requests.RequestException as exc:
            raise PrzypominaczError(f"invalid server URL {self.url}: {exc}") from None
        if response.status_code in (502, 503, 504):
            raise Unreachable(f"{self.url} is unavailable (HTTP {response.status_code})")
        if response.status_code == 404:
            raise PrzypominaczError(f"{self.url} has no /jsonrpc endpoint: is it an Odoo server URL?")
        try:
            body = response.json()
        except ValueError:
            raise PrzypominaczError(
                f"{self.url} did not answer JSON-RPC (HTTP {response.status_code}): is it an Odoo server URL?"
            ) from None
        if body.get("error"):
            raise _server_error(body["error"])
        return body.get("result")

    def authenticate(self) -> int:
        """Log in (password or API key alike); wrong credentials are an ``AuthError``."""
        uid = self._rpc("common", "authenticate", self.db, self.login, self._secret, {})
        if not uid:
            raise AuthError(
                f"login failed for user '{self.login}' on database '{self.db}' at {self.url}: "
                "wrong login, password or API key"
            )
        self.uid = uid
        return uid

    def call(self, method: str, *args: Any) -> Any:
        """``execute_kw`` on ``crm.reminder`` as the logged-in user."""
        if self.uid is None:
            self.authenticate()
        return self._rpc("object", "execute_kw", self.db, self.uid, self._secret, MODEL, method, list(args), {})


def _reason(exc: Exception) -> str:
    """The innermost cause of a connection error in a few words (no URL dump, no traceback)."""
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "No route to host", "timed out"):
        if marker in text:
            return marker.lower()
    return text.rsplit(":", 1)[-1].strip(" ')\"") or type(exc).__name__


def _server_error(error: dict[str, Any]) -> PrzypominaczError:
    data = error.get("data") or {}
    name, message = data.get("name", ""), data.get("message") or error.get("message") or "server error"
    if name.endswith("AccessDenied"):
        return AuthError(f"access denied: {message} (wrong login, password or API key?)")
    if "crm.reminder" in message and ("doesn't exist" in message or "does not exist" in message):
        return PrzypominaczError(f"{message}: is the crm_reminders addon installed on this database?")
    return PrzypominaczError(f"the server refused the request: {message}")


def with_retries(action: Callable[[], T], retries: int | None, backoff: float, cap: float) -> T:
    """Run ``action``, retrying while the server is unreachable.

    Waits ``backoff``, 2x, 4x ... seconds (at most ``cap``) between attempts and logs one line
    per failure. ``retries=None`` retries forever (the polling loop keeps running); otherwise the
    last ``Unreachable`` is raised after ``retries`` retries.
    """
    attempt = 0
    while True:
        try:
            return action()
        except Unreachable as exc:
            if retries is not None and attempt >= retries:
                raise Unreachable(f"{exc}; gave up after {attempt + 1} attempts") from None
            delay = min(cap, backoff * 2**attempt)
            _logger.warning("%s; retrying in %g s", exc, round(delay, 1))
            time.sleep(delay)
            attempt += 1


# --------------------------------------------------------------------------- notifications


def format_line(reminder: dict[str, Any]) -> str:
    """One line per reminder: when, what, where from, and the key for --snooze/--dismiss."""
    flag = "OVERDUE" if reminder.get("overdue") else str(reminder.get("state") or "due").upper()
    deadline = str(reminder.get("deadline") or "")[:16]
    return f"[{flag}] {deadline} UTC  {reminder.get('title')}  ({reminder.get('source')})  key={reminder.get('key')}"


def notify(reminder: dict[str, Any], notifier: DesktopNotifications) -> None:
    """Show one reminder: always a printed line, and a desktop notification where one works."""
    line = REDACTOR.mask(format_line(reminder))
    print(line, flush=True)
    urgency = "critical" if reminder.get("overdue") or reminder.get("urgency") == "high" else "normal"
    if reminder.get("urgency") == "low" and not reminder.get("overdue"):
        urgency = "low"
    body = REDACTOR.mask(
        f"{'Overdue since' if reminder.get('overdue') else 'Due'} {str(reminder.get('deadline'))[:16]} UTC"
        f" · {reminder.get('source')}\nKey: {reminder.get('key')}"
    )
    notifier.show(REDACTOR.mask(reminder.get("title")), body, urgency)


def show_new(reminders: Iterable[dict[str, Any]], shown: set[str], notifier: DesktopNotifications) -> set[str]:
    """Notify reminders not shown yet; return the keys now on the list.

    Keys that left the list (snoozed, dismissed, done) are forgotten, so a reminder that comes
    back after its snooze is shown again; one that stays on the list is shown once per run.
    """
    current: set[str] = set()
    for reminder in reminders:
        key = str(reminder.get("key"))
        current.add(key)
        if key not in shown:
            notify(reminder, notifier)
    return current


# --------------------------------------------------------------------------- commands


def _retry(args: argparse.Namespace, action: Callable[[], T]) -> T:
    """``with_retries`` with the one-shot policy of the command line (gives up after --retries)."""
    return with_retries(action, args.retries, args.backoff, args.backoff_max)


def cmd_configure(args: argparse.Namespace, path: Path) -> int:
    """Ask for the secret (never echoed, or read from stdin), check it, write the config."""
    kind = "API key" if args.api_key else "password"
    if sys.stdin.isatty():
        secret = getpass.getpass(f"{kind} for {args.login}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    REDACTOR.add(secret)
    if not secret:
        raise ConfigError(f"no {kind} given")
    if not args.no_check:
        client = OdooClient(args.url, args.db, args.login, secret)
        uid = _retry(args, client.authenticate)
        print(f"logged in to {args.url} database {args.db} as {args.login} (uid {uid})")
    write_config(path, args.url, args.db, args.login, secret, args.api_key)
    print(f"configuration written to {path} (mode 0600, {kind} stored, not shown)")
    return EXIT_OK


def _minutes(text: str) -> int:
    """The MINUTES of --snooze, checked before anything goes to the server."""
    try:
        minutes = int(text)
    except ValueError:
        raise ConfigError(f"MINUTES must be a whole number, not {text!r}") from None
    if minutes <= 0:
        raise ConfigError("MINUTES must be positive")
    return minutes


def cmd_action(client: OdooClient, args: argparse.Namespace) -> int:
    """--snooze / --dismiss: one call to the server, retried while it is unreachable."""
    if args.snooze:
        key, minutes_int = args.snooze[0], _minutes(args.snooze[1])
        _retry(args, lambda: client.call("snooze_reminder", key, minutes_int))
        print(f"snoozed {key} for {minutes_int} minutes")
    else:
        _retry(args, lambda: client.call("dismiss_reminder", args.dismiss))
        print(f"dismissed {args.dismiss}")
    return EXIT_OK


def cmd_poll(client: OdooClient, args: argparse.Namespace, interval: float) -> int:
    """Poll once (--once) or forever; an unreachable server never stops the loop."""
    notifier = DesktopNotifications(REDACTOR.mask)
    if args.once:
        reminders = _retry(args, lambda: client.call("get_reminders"))
        show_new(reminders, set(), notifier)
        print(f"{len(reminders)} reminder(s) for {client.login}")
        return EXIT_OK
    _logger.info("watching reminders of %s on %s every %g s (Ctrl+C stops)", client.login, client.url, interval)
    shown: set[str] = set()
    while True:
        try:
            reminders = with_retries(lambda: client.call("get_reminders"), None, args.backoff, args.backoff_max)
            shown = show_new(reminders, shown, notifier)
        except (AuthError, ConfigError):
            raise
        except PrzypominaczError as exc:  # e.g. the server answers an error while it upgrades
            _logger.warning("%s; trying again in %g s", exc, interval)
        time.sleep(interval)


def _add_retry_options(parser: argparse.ArgumentParser, suppress: str | None) -> None:
    """Retry options, accepted before and after ``configure`` (the subcommand keeps the main values)."""

    def default(value: float) -> float | str:
        return suppress if suppress else value

    parser.add_argument(
        "--retries", type=int, default=default(4), help="retries of a one-shot command while the server is down (4)"
    )
    parser.add_argument("--backoff", type=float, default=default(2.0), help="first retry delay in seconds (2)")
    parser.add_argument("--backoff-max", type=float, default=default(300.0), help="longest retry delay (300)")


def build_parser() -> argparse.ArgumentParser:
    """The command line; --help prints the module docstring's usage, config and exit codes."""
    summary, _, details = (__doc__ or "").partition("\n\n")
    parser = argparse.ArgumentParser(
        prog="przypominacz",
        description=summary,
        epilog=details,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", type=Path, help="config file (default: %(default)s)", default=default_config_path())
    parser.add_argument("--once", action="store_true", help="poll once, print the reminders and exit")
    parser.add_argument("--snooze", nargs=2, metavar=("KEY", "MINUTES"), help="snooze one reminder")
    parser.add_argument("--dismiss", metavar="KEY", help="dismiss one reminder for good")
    parser.add_argument("--interval", type=float, help="seconds between polls (default: config or 60)")
    _add_retry_options(parser, None)
    parser.add_argument("-q", "--quiet", action="store_true", help="log only errors on stderr")
    sub = parser.add_subparsers(dest="command")
    conf = sub.add_parser("configure", help="write the config file (asks for the password or API key)")
    conf.add_argument("--url", required=True, help="server URL, e.g. https://odoo.example.com")
    conf.add_argument("--db", required=True, help="database name")
    conf.add_argument("--login", required=True, help="your Odoo login")
    conf.add_argument("--api-key", action="store_true", help="store an API key instead of the password")
    conf.add_argument("--no-check", action="store_true", help="do not try to log in before writing")
    _add_retry_options(conf, argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure ends as one masked line on stderr and an exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("przypominacz: %(message)s"))
    handler.addFilter(REDACTOR)
    _logger.addHandler(handler)
    _logger.setLevel(logging.ERROR if args.quiet else logging.INFO)
    if args.snooze and args.dismiss:
        parser.error("use either --snooze or --dismiss")
    if args.backoff <= 0 or args.backoff_max <= 0 or args.retries < 0:
        parser.error("--backoff and --backoff-max must be positive, --retries not negative")
    try:
        if args.command == "configure":
            return cmd_configure(args, args.config)
        if args.snooze:
            _minutes(args.snooze[1])
        conf = load_config(args.config)
        interval = args.interval or float(conf["interval"] or 60)
        if interval <= 0:
            raise ConfigError("the interval must be positive")
        client = OdooClient(conf["url"], conf["db"], conf["login"], conf["secret"])
        retries = None if not (args.once or args.snooze or args.dismiss) else args.retries
        with_retries(client.authenticate, retries, args.backoff, args.backoff_max)
        if args.snooze or args.dismiss:
            return cmd_action(client, args)
        return cmd_poll(client, args, interval)
    except PrzypominaczError as exc:
        _logger.error("error: %s", exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001  # pylint: disable=broad-except
        # A bug or an odd answer: one masked line instead of a traceback that could leak context.
        _logger.error("unexpected error: %s: %s", type(exc).__name__, exc)
        return EXIT_SERVER


if __name__ == "__main__":
    sys.exit(main())
