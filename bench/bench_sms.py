"""SMS sending at scale: queued SMS through a gateway, concurrent and rate-limited, beside
sending them one request at a time (``make bench-sms``; size 10,000, smoke 60).

Data per size S: S queued ``sms.sms`` (distinct Polish mobiles, a Polish text, so UCS-2) and one
SMSAPI.pl gateway. The provider is a separate process on 127.0.0.1 (``bench_sms.py provider``)
speaking SMSAPI's ``/sms.do``: every answer takes 50 ms, ``idx`` with ``check_idx`` is
deduplicated as SMSAPI does, and it counts the requests that arrive in every sliding second.

Contenders (each on its own copy of the data, its own provider process):

* ``ours``: Odoo's SMS queue (``sms.sms._process_queue()``, what the scheduled action runs) with
  the gateway at ``RATE_LIMIT`` SMS/s over ``CONNECTIONS`` parallel connections;
* ``peer``: the same queue and code with one connection, i.e. one request at a time, as core's
  sending and most gateway addons do. It sends ``PEER_SHARE`` of the queue (1,000 of 10,000:
  sending all at 50 ms each would take ten minutes to tell the same rate); its rate counts
  the SMS it sent (``units``).

Checks: every SMS the contender was to send is accepted by the provider exactly once (no
duplicate ``idx``, one request each: nothing sent twice, nothing lost), marked sent in Odoo,
one attempt each in the ledger; the provider never saw more than the gateway's rate limit in
any second. Facts: HTTP requests, the provider's maximum requests per second, connections.
``RESULT sms-provider`` repeats the provider's figures for the record.

Last full run (2026-11-30 13:19, commit 25a3183, a quiet 2-core machine, load 1.0)::

    RESULT sms size=10000 ours=221.2 peer=10.31 ratio=21.45 cpu_ratio=0.14 ours_cpu_s=28.78
           ours_queries=35543 ours_rss_mb=141 peer_cpu_s=4.17 peer_queries=4041 peer_rss_mb=133 load=1.0
    RESULT sms-provider size=10000 rate_limit=300/s ours_max_per_s=255 ours_http_requests=10000
           ours_connections=459 peer_max_per_s=11 peer_http_requests=1000
"""

import json
import subprocess
import sys
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from urllib.request import urlopen

from harness import Bench

ANSWER_SECONDS = 0.05
RATE_LIMIT = 300.0
CONNECTIONS = 24
PEER_SHARE = 0.1
BODY = "Dzień dobry, przypominamy o płatności faktury FV/{n}/2026. Dziękujemy!"

bench = Bench("sms", addons=["crm_sms_gateway"], sizes=(10_000,), smoke_sizes=(60,), unit="SMS/s")


# ------------------------------------------------------------------------------ the provider


class _ProviderHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _reply(self, body):
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):  # the benchmark's own question: what did you see?
        self._reply(self.server.stats())

    def do_POST(self):
        server = self.server
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        params = {key: values[0] for key, values in parse_qs(raw).items()}
        with server.lock:
            server.arrivals.append(time.monotonic())
            server.ports.add(self.client_address[1])
            duplicate = params.get("idx") in server.keys
            server.keys.add(params.get("idx"))
        time.sleep(ANSWER_SECONDS)
        if duplicate:
            return self._reply({"error": 53, "message": "Duplicated idx"})
        self._reply({"count": 1, "list": [{"id": f"B{len(server.arrivals)}", "points": 0.16}]})


class _Provider(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _ProviderHandler)
        self.lock = threading.Lock()
        self.arrivals, self.ports, self.keys = [], set(), set()

    def stats(self):
        with self.lock:
            times = sorted(self.arrivals)
            window, best = deque(), 0
            for arrival in times:
                window.append(arrival)
                while arrival - window[0] >= 1.0:
                    window.popleft()
                best = max(best, len(window))
            return {"requests": len(times), "keys": len(self.keys), "connections": len(self.ports), "max_per_s": best}


def serve():
    server = _Provider()
    print(server.server_address[1], flush=True)
    server.serve_forever()


def start_provider():
    """Start the provider process; return it and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "provider"], stdout=subprocess.PIPE, text=True
    )
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}"


_PROVIDERS = {}  # contender -> (process, url), in the contender's own Odoo process


# ------------------------------------------------------------------------------ data


@bench.build
def build(env, size):
    env.company.country_id = env.ref("base.pl")
    env["crm.sms.gateway"].create(
        {
            "name": "SMSAPI (bench)",
            "provider": "smsapi",
            "api_token": "bench-token",
            "api_url": "http://127.0.0.1:9/sms.do",  # the contender points it at its provider
            "allow_insecure": True,
            "rate_limit": RATE_LIMIT,
            "max_connections": CONNECTIONS,
            "max_retries": 2,
            "cost_per_segment": 0.16,
            "company_id": env.company.id,
        }
    )
    env["ir.config_parameter"].set_param("web.base.url", "http://127.0.0.1:8069")
    env["sms.sms"].create(
        [{"number": f"+48{600000000 + n}", "body": BODY.format(n=n), "state": "outgoing"} for n in range(size)]
    )
    return {"queued": size}


def _prepare(env, connections):
    proc, url = start_provider()
    gateway = env["crm.sms.gateway"].search([])
    gateway.write({"api_url": f"{url}/sms.do", "max_connections": connections})
    return proc, url


@bench.contender("ours")
def ours(env, size):
    _PROVIDERS["ours"] = _prepare(env, CONNECTIONS)

    def queue_run():
        env["sms.sms"]._process_queue()

    return queue_run


@bench.contender("peer")
def peer(env, size):
    _PROVIDERS["peer"] = _prepare(env, 1)
    ids = env["sms.sms"].search([("state", "=", "outgoing")], order="id", limit=max(1, int(size * PEER_SHARE))).ids

    def one_at_a_time():
        env["sms.sms"].browse(ids).send(unlink_sent=True, auto_commit=True)

    return one_at_a_time


@bench.check
def check(env, size, contender, result):
    proc, url = _PROVIDERS.pop(contender)
    try:
        with urlopen(url, timeout=10) as answer:  # our own provider on 127.0.0.1
            seen = json.loads(answer.read())
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    units = size if contender == "ours" else max(1, int(size * PEER_SHARE))
    sent = env["sms.sms"].search_count([("state", "=", "pending")])
    left = env["sms.sms"].search_count([("state", "=", "outgoing")])
    attempts = env["crm.sms.attempt"].search_count([("state", "=", "sent")])
    assert seen["keys"] == units, f"{contender}: the provider took {seen['keys']} SMS, not {units}"
    assert seen["requests"] == units, f"{contender}: {seen['requests']} requests for {units} SMS (sent twice?)"
    assert sent == units and left == size - units, f"{contender}: {sent} sent, {left} left of {size}"
    assert attempts == units, f"{contender}: {attempts} attempts in the ledger for {units} SMS"
    assert seen["max_per_s"] <= RATE_LIMIT, f"{contender}: {seen['max_per_s']} requests in one second"
    return {
        "units": units,
        "http_requests": seen["requests"],
        "provider_max_per_s": seen["max_per_s"],
        "connections": seen["connections"],
    }


@bench.summary
def provider_line(results):
    lines = []
    for size, runs in results.items():
        facts = {name: (run or {}).get("facts", {}) for name, run in runs.items()}
        ours_facts, peer_facts = facts.get("ours", {}), facts.get("peer", {})
        lines.append(
            f"sms-provider size={size} rate_limit={RATE_LIMIT:g}/s "
            f"ours_max_per_s={ours_facts.get('provider_max_per_s', '-')} "
            f"ours_http_requests={ours_facts.get('http_requests', '-')} "
            f"ours_connections={ours_facts.get('connections', '-')} "
            f"peer_max_per_s={peer_facts.get('provider_max_per_s', '-')} "
            f"peer_http_requests={peer_facts.get('http_requests', '-')}"
        )
    return lines


if __name__ == "__main__":
    if sys.argv[1:] == ["provider"]:
        serve()
    else:
        bench.main()
