"""Issue 13: a real Odoo process killed (SIGKILL) between the provider's answer and its own
commit never sends an SMS twice once restarted.

A real Odoo process (registry loaded from the database, as a server's cron thread does) runs
the SMS queue (``sms.sms._process_queue``) against a provider on loopback. The provider takes
the message, writes its whole answer but the last byte, and kills the Odoo process: the message
has left, Odoo cannot have read the answer, so nothing after the call is committed; the ledger
row written before the call ("sending") is all that survives. A second process then runs the
queue again:

* SMSAPI.pl (``idx`` with ``check_idx=1``): asked again with the same key, the provider refuses
  the duplicate and the SMS counts as sent; the provider took it once;
* Twilio (no idempotency key): not asked again; the SMS fails "interrupted" for a person to
  check, so it is not sent twice either.
"""

import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import odoo_process

QUEUE_RUN = r"""
print("ready", flush=True)
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env["sms.sms"]._process_queue()
    cr.commit()
print("finished", flush=True)
"""


class Provider(ThreadingHTTPServer):
    """SMSAPI's /sms.do and Twilio's Messages.json; kills ``victim`` once, mid-answer."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = []  # (kind, key or number)
        self.taken = []  # what the provider accepted (it would have sent it)
        self.victim = None  # pid to kill during the next answer
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        params = {key: values[0] for key, values in parse_qs(raw).items()}
        server = self.server
        if urlparse(self.path).path.endswith("/sms.do"):
            key = params["idx"]
            server.requests.append(("smsapi", key))
            if key in server.taken:
                return self._answer(200, {"error": 53, "message": "Duplicated idx"})
            server.taken.append(key)
            return self._answer(200, {"count": 1, "list": [{"id": "SA1", "points": 0.16}]})
        server.requests.append(("twilio", params["To"]))
        server.taken.append(params["To"])
        return self._answer(201, {"sid": "SM" + "1" * 32, "status": "queued", "price": None})

    def _answer(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        victim, self.server.victim = self.server.victim, None
        if victim:
            # the answer is out but for its last byte: Odoo cannot have read it, nor committed
            self.wfile.write(payload[:-1])
            self.wfile.flush()
            os.kill(victim, signal.SIGKILL)
            return
        self.wfile.write(payload)


def _queue_run(db, provider, kill):
    process = odoo_process.start(db.name, QUEUE_RUN)
    if kill:
        provider.victim = process.pid
    output = process.communicate(timeout=300)[0]
    if kill:
        assert process.returncode == -signal.SIGKILL, output
        assert "finished" not in output, output
    else:
        assert process.returncode == 0 and "finished" in output, output
    return output


def _sms(db, sms_id):
    [sms] = db.call("sms.sms", "read", [sms_id], ["state", "failure_type", "uuid"])
    attempts = db.call("crm.sms.attempt", "search_read", [("sms_uuid", "=", sms["uuid"])], ["state"], order="id")
    return sms, [attempt["state"] for attempt in attempts]


def test_kill_between_answer_and_commit(fresh_db):
    db = fresh_db
    db.call("ir.module.module", "update_list")
    module = db.call("ir.module.module", "search", [("name", "=", "crm_sms_gateway")])
    db.call("ir.module.module", "button_immediate_install", module)
    provider = Provider()
    try:
        company = db.call("res.company", "search", [], limit=1)[0]
        db.call("res.company", "write", [company], {"country_id": db.ref("base.pl")})
        gateway = db.call(
            "crm.sms.gateway",
            "create",
            {
                "name": "SMSAPI",
                "provider": "smsapi",
                "api_token": "token",
                "api_url": f"{provider.url}/sms.do",
                "allow_insecure": True,
                "company_id": company,
            },
        )

        # SMSAPI: killed, restarted, asked again with the same idx, taken once
        first = db.call("sms.sms", "create", {"number": "+48601234567", "body": "Przypominamy o płatności."})
        _queue_run(db, provider, kill=True)
        sms, attempts = _sms(db, first)
        assert sms["state"] == "outgoing"  # our transaction died with the process
        assert attempts == ["sending"]  # the ledger row written before the call survived
        assert provider.taken == [sms["uuid"]]
        _queue_run(db, provider, kill=False)
        sms, attempts = _sms(db, first)
        assert provider.requests == [("smsapi", sms["uuid"]), ("smsapi", sms["uuid"])]
        assert provider.taken == [sms["uuid"]]  # sent once
        assert sms["state"] == "pending"
        assert attempts == ["sending", "sent"]

        # Twilio: killed, restarted, never asked again
        db.call(
            "crm.sms.gateway",
            "write",
            [gateway],
            {
                "provider": "twilio",
                "account_sid": "AC" + "1" * 32,
                "api_token": "auth-token",
                "from_number": "+15005550006",
                "api_url": provider.url,
            },
        )
        provider.requests.clear()
        provider.taken.clear()
        second = db.call("sms.sms", "create", {"number": "+48601234568", "body": "Faktura FV/1/2026."})
        _queue_run(db, provider, kill=True)
        assert _sms(db, second)[1] == ["sending"]
        _queue_run(db, provider, kill=False)
        sms, attempts = _sms(db, second)
        assert provider.requests == [("twilio", "+48601234568")]  # once, before the kill
        assert (sms["state"], sms["failure_type"]) == ("error", "unknown")
        assert attempts == ["sending"]
        assert not db.server.new_log_problems()
    finally:
        provider.shutdown()
        provider.server_close()
