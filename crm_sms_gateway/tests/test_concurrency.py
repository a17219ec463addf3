"""Issue 13, concurrent sending: each gateway is sent to over several connections at once,
never faster than its rate limit (counted by the provider), with retries and back-off on
transient errors, and never twice the same message."""

import itertools
import time

from odoo.tests import BaseCase, tagged

from ..providers.dispatch import RateLimiter
from .common import SmsGatewayCase


@tagged("post_install", "-at_install")
class TestConcurrentSending(SmsGatewayCase):
    def queue_sms(self, count, body="Przypominamy o płatności."):
        return self.env["sms.sms"].create(
            [{"number": f"+4860123{index:04d}", "body": body, "partner_id": self.customer.id} for index in range(count)]
        )

    def test_rate_limit_held_every_message_once(self):
        self.make_gateway(rate_limit=25, max_connections=6)
        self.server.delay = 0.1  # each answer takes 100 ms: one connection could do 10/s
        sms = self.queue_sms(60)
        started = time.monotonic()
        sms.send(unlink_sent=False)
        elapsed = time.monotonic() - started
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(len(self.server.requests), 60)
        self.assertEqual(sorted(self.server.accepted), sorted(sms.mapped("uuid")))
        # never more than 25 requests within any second, seen by the provider
        self.assertLessEqual(self.server.max_per_second(), 25)
        self.assertGreaterEqual(self.server.max_per_second(), 15)
        # several connections, at most the configured ones, each kept alive
        self.assertGreater(len(self.server.ports), 1)
        self.assertLessEqual(len(self.server.ports), 6)
        # one by one it takes 6 s; at 25/s a little over 2 s
        self.assertLess(elapsed, 4.5)
        self.assertGreater(elapsed, 2.0)
        attempts = self.env["crm.sms.attempt"].search([("sms_uuid", "in", sms.mapped("uuid"))])
        self.assertEqual(len(attempts), 60)
        self.assertEqual(set(attempts.mapped("state")), {"sent"})

    def test_transient_errors_retried_at_most_n_times(self):
        self.make_gateway(max_retries=2, max_connections=4)
        # the first four calls, whichever messages they carry, hit a busy provider
        self.server.script.extend([(429, {"error": "slow down"}, 0)] * 4)
        sms = self.queue_sms(10)
        sms.send(unlink_sent=False)
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(len(self.server.requests), 14)
        self.assertEqual(sorted(self.server.accepted), sorted(sms.mapped("uuid")))
        attempts = self.env["crm.sms.attempt"].search([("sms_uuid", "in", sms.mapped("uuid"))])
        self.assertEqual(attempts.mapped("state").count("transient"), 4)
        self.assertEqual(attempts.mapped("state").count("sent"), 10)

    def test_retries_exhausted_then_failed(self):
        self.make_gateway(max_retries=2, max_connections=2)
        self.server.script.extend([(503, "busy", 0)] * 3)
        [sms] = self.queue_sms(1)
        sms.send(unlink_failed=False)
        # one call and two retries, then nothing more: the message fails with the server error
        self.assertEqual(len(self.server.requests), 3)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))


@tagged("at_install", "-post_install")
class TestRateLimiter(BaseCase):
    def test_starts_spaced_and_windowed(self):
        limiter = RateLimiter(4, margin=0.1)
        self.assertEqual(limiter.try_start(), 0.0)
        # the next start waits a quarter of a second
        self.assertAlmostEqual(limiter.try_start(), 0.25, delta=0.01)
        starts = []
        for _ in range(8):
            limiter.wait()
            starts.append(time.monotonic())
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        self.assertTrue(all(gap >= 0.24 for gap in gaps), gaps)
        # any five consecutive starts (four after the first) span more than a second plus the margin
        self.assertTrue(all(starts[i + 4] - starts[i] >= 1.09 for i in range(len(starts) - 4)), starts)
