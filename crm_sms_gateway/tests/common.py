"""A local HTTP server speaking the providers' APIs (SMSAPI.pl, SerwerSMS.pl, Twilio, a generic
JSON API), started by the tests on 127.0.0.1; our code reaches it through the real ``requests``
and ``twilio`` SDK. The server records every request and answers from a script."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

INVALID = "+48600000013"  # every fake provider refuses this number as invalid
BLACKLISTED = "+48600000015"  # ... and this one as on the provider's blacklist


class FakeGatewayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = []  # (path, params) of every request
        self.script = []  # forced answers: (http status, body, delay seconds), used first
        self.seen_keys = set()
        self.accepted = []  # idempotency keys of the messages taken (SMSAPI, SerwerSMS)
        self.arrivals = []  # time.monotonic() of every request
        self.ports = set()  # client ports: one per HTTP connection (keep-alive)
        self.methods = []  # HTTP method of every request
        self.delay = 0.0  # seconds every answer takes
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self):
        self.shutdown()
        self.server_close()

    def sent(self, path_part):
        return [params for path, params in self.requests if path_part in path]

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.methods.clear()
            self.script.clear()
            self.seen_keys.clear()
            self.accepted.clear()
            self.arrivals.clear()
            self.ports.clear()
            self.delay = 0.0

    def max_per_second(self):
        """The most requests that arrived within any one second (sliding window)."""
        times = sorted(self.arrivals)
        best, first = 0, 0
        for last, arrival in enumerate(times):
            while arrival - times[first] >= 1.0:
                first += 1
            best = max(best, last - first + 1)
        return best


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one client port per connection

    def log_message(self, *args):
        pass

    def _reply(self, status, body, content_type="application/json"):
        payload = body if isinstance(body, str) else json.dumps(body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload.encode())))
        if status == 429:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(payload.encode())

    def do_GET(self):
        url = urlparse(self.path)
        self._handle(url.path, {k: v[0] for k, v in parse_qs(url.query).items()}, "GET")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if "json" in (self.headers.get("Content-Type") or ""):
            params = json.loads(raw or "{}")
        else:
            params = {k: v[0] for k, v in parse_qs(raw).items()}
        self._handle(urlparse(self.path).path, params, "POST")

    def _handle(self, path, params, method):
        server = self.server
        with server.lock:
            server.methods.append(method)
            server.arrivals.append(time.monotonic())
            server.ports.add(self.client_address[1])
            server.requests.append((path, params))
            forced = server.script.pop(0) if server.script else None
        if server.delay:
            time.sleep(server.delay)
        if forced:
            status, body, delay = forced
            time.sleep(delay)
            return self._reply(status, body, "text/html" if isinstance(body, str) else "application/json")
        if path.endswith("/sms.do"):
            return self._smsapi(params)
        if path.endswith("/messages/send_sms"):
            return self._serwersms(params)
        if path.endswith("/Messages.json"):
            return self._twilio(params)
        return self._generic(params)

    def _once(self, key):
        with self.server.lock:
            if key in self.server.seen_keys:
                return False
            self.server.seen_keys.add(key)
            self.server.accepted.append(key)
            return True

    def _smsapi(self, params):
        if self.headers.get("Authorization") != "Bearer smsapi-token":
            return self._reply(200, {"error": 101, "message": "Authorization failed"})
        number = "+" + params["to"]
        if number == INVALID:
            return self._reply(
                200, {"error": 13, "message": "No correct phone numbers", "invalid_numbers": [params["to"]]}
            )
        if number == BLACKLISTED:
            return self._reply(200, {"error": 15, "message": "Number on blacklist"})
        if params.get("check_idx") == "1" and not self._once(params["idx"]):
            return self._reply(200, {"error": 53, "message": "Duplicated idx"})
        return self._reply(
            200,
            {"count": 1, "list": [{"id": f"SA{len(self.server.requests)}", "points": 0.16, "number": params["to"]}]},
        )

    def _serwersms(self, params):
        if params["phone"] == INVALID:
            return self._reply(
                200, {"error": {"code": 2001, "type": "ValidationPhoneError", "message": "Invalid phone number"}}
            )
        if not self._once(params["unique_id"]):
            return self._reply(
                200, {"error": {"code": 2003, "type": "DuplicateUniqueId", "message": "Duplicated unique_id"}}
            )
        return self._reply(
            200,
            {
                "success": True,
                "queued": 1,
                "unsent": 0,
                "items": [
                    {"id": f"SS{len(self.server.requests)}", "phone": params["phone"], "status": "queued", "parts": 1}
                ],
            },
        )

    def _twilio(self, params):
        if params["To"] == INVALID:
            return self._reply(
                400, {"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}
            )
        if params["To"] == BLACKLISTED:
            return self._reply(
                400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}
            )
        sid = f"SM{len(self.server.requests):032d}"
        return self._reply(
            201, {"sid": sid, "status": "queued", "to": params["To"], "body": params["Body"], "price": None}
        )

    def _generic(self, params):
        return self._reply(200, {"result": {"ok": True}, "messages": [{"id": f"G{len(self.server.requests)}"}]})


class SmsGatewayMixin:
    """A company in Poland, a salesperson who sends SMS, a customer with a Polish mobile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeGatewayServer()
        cls.addClassCleanup(cls.server.stop)
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.pl")
        cls.salesperson = new_test_user(
            cls.env,
            login="sms_sales",
            groups="base.group_user,base.group_partner_manager",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Hurtownia Kowalski", "mobile": "601 234 567", "country_id": cls.env.ref("base.pl").id}
        )

    def setUp(self):
        super().setUp()
        self.server.reset()

    @classmethod
    def make_gateway(cls, provider="smsapi", **values):
        base = {
            "name": f"{provider} gateway",
            "provider": provider,
            "api_url": cls.server.url
            + {
                "smsapi": "/sms.do",
                "serwersms": "/messages/send_sms",
                "twilio": "",
                "generic": "/generic",
            }[provider],
            "allow_insecure": True,
            "api_token": "smsapi-token",
            "rate_limit": 1000,
            "company_id": cls.env.company.id,
        }
        if provider == "twilio":
            base.update(account_sid="AC" + "1" * 32, api_token="twilio-auth-token", from_number="+15005550006")
        if provider == "generic":
            base.update(auth_header_name="X-Api-Key", success_path="result.ok", message_id_path="messages.0.id")
        base.update(values)
        return cls.env["crm.sms.gateway"].create(base)

    def send_sms(self, number="+48601234567", body="Przypominamy o płatności.", partner=None):
        """Post an SMS as the salesperson on the customer's chatter and send it at once, as the
        SMS composer does; return the sms.sms (kept: unlink off) and its notification."""
        partner = partner or self.customer
        partner.with_user(self.salesperson)._message_sms(
            body, partner_ids=partner.ids, sms_pid_to_number={partner.id: number}, put_in_queue=True
        )
        message = partner.message_ids.sorted("id")[-1]
        sms = self.env["sms.sms"].search([("mail_message_id", "=", message.id)])
        sms.send(unlink_sent=False, unlink_failed=False)
        notification = self.env["mail.notification"].search([("mail_message_id", "=", message.id)])
        return sms, notification

    def attempts(self, sms):
        return self.env["crm.sms.attempt"].search([("sms_uuid", "=", sms.uuid)], order="id")


class SmsGatewayCase(SmsGatewayMixin, TransactionCase):
    """The attempt ledger writes through ``registry.cursor()`` (its own transaction in
    production); in test mode that cursor shares the test's transaction, as in HttpCase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
