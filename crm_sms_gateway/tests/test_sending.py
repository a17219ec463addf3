"""Issue 13, sending: every provider through a local server, routing, failover, retries,
numbers, the blacklist and the idempotency ledger."""

from odoo.tests import tagged

from .common import BLACKLISTED, INVALID, SmsGatewayCase


@tagged("post_install", "-at_install")
class TestSending(SmsGatewayCase):
    def test_no_gateway_leaves_core_iap(self):
        sms = self.env["sms.sms"].create({"number": "+48601234567", "body": "x"})
        self.assertFalse(self.env["crm.sms.gateway"]._route(self.company))
        # core's path: without IAP account in tests, core's SmsApi is not reached here; we only
        # check that nothing of ours touched the message
        self.assertFalse(self.attempts(sms))

    def test_each_provider_sends(self):
        for provider, path in (
            ("smsapi", "/sms.do"),
            ("serwersms", "send_sms"),
            ("twilio", "Messages.json"),
            ("generic", "/generic"),
        ):
            with self.subTest(provider=provider):
                gateway = self.make_gateway(provider, sender_name="Optima")
                sms, notification = self.send_sms()
                self.assertEqual((sms.state, sms.failure_type), ("pending", False))
                self.assertEqual(notification.notification_status, "pending")
                attempt = self.attempts(sms)
                self.assertEqual(attempt.mapped("state"), ["sent"])
                self.assertEqual(attempt.gateway_id, gateway)
                self.assertTrue(attempt.provider_message_id)
                self.assertEqual((attempt.encoding, attempt.segments), ("UCS-2", 1))
                self.assertEqual(len(self.server.sent(path)), 1)
                gateway.active = False
        smsapi = self.server.sent("/sms.do")[0]
        self.assertEqual((smsapi["to"], smsapi["check_idx"], smsapi["format"]), ("48601234567", "1", "json"))
        self.assertEqual(self.server.sent("send_sms")[0]["phone"], "+48601234567")
        self.assertEqual(self.server.sent("Messages.json")[0]["From"], "Optima")
        # where the provider posts its delivery report, per message
        self.assertRegex(smsapi["notify_url"], r"/crm_sms_gateway/smsapi/\d+/status\?token=.+")
        self.assertRegex(self.server.sent("Messages.json")[0]["StatusCallback"], r"/crm_sms_gateway/twilio/\d+/status$")

    def test_generic_provider_get(self):
        self.make_gateway(
            "generic",
            http_method="get",
            params_template='{"to": "{number}", "text": "{body}", "id": "{key}", "retries": 0}',
        )
        sms, _notification = self.send_sms(body="Zażółć & ?")
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.server.methods, ["GET"])
        [params] = self.server.sent("/generic")
        # the parameters travel in the query string, encoded; non-string values as they are
        self.assertEqual(params, {"to": "+48601234567", "text": "Zażółć & ?", "id": sms.uuid, "retries": "0"})
        self.assertEqual(self.attempts(sms).provider_message_id, "G1")

    def test_number_normalised_from_partner_country(self):
        self.make_gateway()
        sms, _notification = self.send_sms(number="601 234 567")
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.server.sent("/sms.do")[0]["to"], "48601234567")

    def test_transliteration_keeps_gsm7(self):
        self.make_gateway(transliterate=True)
        sms, _notification = self.send_sms(body="Zażółć gęślą jaźń")
        self.assertEqual(self.server.sent("/sms.do")[0]["message"], "Zazolc gesla jazn")
        self.assertEqual(self.attempts(sms).encoding, "GSM-7")

    def test_invalid_and_fixed_line_fail_without_a_call(self):
        self.make_gateway()
        invalid, notification = self.send_sms(number="12345")
        self.assertEqual((invalid.state, invalid.failure_type), ("error", "sms_number_format"))
        self.assertEqual(notification.notification_status, "exception")
        fixed, notification = self.send_sms(number="22 123 45 67")
        self.assertEqual((fixed.state, fixed.failure_type), ("error", "sms_number_format"))
        self.assertIn("Fixed line", notification.failure_reason)
        self.assertFalse(self.server.requests)

    def test_provider_refuses_number(self):
        for provider, other, other_path in (
            ("smsapi", "serwersms", "send_sms"),
            ("twilio", "serwersms", "send_sms"),
            ("serwersms", "smsapi", "/sms.do"),
        ):
            with self.subTest(provider=provider):
                self.server.reset()
                gateway = self.make_gateway(provider)
                second = self.make_gateway(other, sequence=99)
                sms, _notification = self.send_sms(number=INVALID)
                self.assertEqual((sms.state, sms.failure_type), ("error", "sms_number_format"))
                # a permanent error never fails over
                self.assertFalse(self.server.sent(other_path))
                self.assertEqual(self.attempts(sms).mapped("state"), ["failed"])
                (gateway | second).active = False

    def test_blacklist(self):
        self.make_gateway()
        self.env["phone.blacklist"].add("+48601234567")
        sms, notification = self.send_sms()
        self.assertEqual((sms.state, sms.failure_type), ("canceled", "sms_blacklist"))
        self.assertEqual(notification.notification_status, "canceled")
        self.assertFalse(self.server.requests)
        # the provider's own blacklist
        sms, _notification = self.send_sms(number=BLACKLISTED)
        self.assertEqual((sms.state, sms.failure_type), ("canceled", "sms_blacklist"))
        self.assertEqual(len(self.server.requests), 1)

    def test_429_then_success(self):
        self.make_gateway(max_retries=2)
        self.server.script.append((429, {"error": "slow down"}, 0))
        sms, _notification = self.send_sms()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.attempts(sms).mapped("state"), ["transient", "sent"])
        self.assertEqual(self.attempts(sms)[0].error_code, "429")

    def test_500_fails_over_to_the_next_gateway(self):
        first = self.make_gateway("smsapi", max_retries=0, sequence=1)
        second = self.make_gateway("twilio", sequence=2)
        self.server.script.append((500, "<html><body>Internal Server Error</body></html>", 0))
        sms, _notification = self.send_sms()
        self.assertEqual(sms.state, "pending")
        attempts = self.attempts(sms)
        self.assertEqual(attempts.mapped("gateway_id"), first | second)
        self.assertEqual(attempts.mapped("state"), ["transient", "sent"])

    def test_every_gateway_down(self):
        self.make_gateway("smsapi", max_retries=1)
        self.server.script.extend([(503, "down", 0), (503, "down", 0)])
        sms, notification = self.send_sms()
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertEqual(notification.failure_type, "sms_server")
        self.assertEqual(len(self.attempts(sms)), 2)

    def test_garbage_answer_is_a_readable_error(self):
        self.make_gateway("serwersms")
        self.server.script.append((200, "<html>Maintenance</html>", 0))
        with self.assertNoLogs("odoo.addons.crm_sms_gateway", "ERROR"):
            sms, notification = self.send_sms()
        self.assertEqual((sms.state, sms.failure_type), ("error", "unknown"))
        self.assertIn("did not answer JSON", notification.failure_reason)

    def test_routing_by_prefix(self):
        czech = self.make_gateway("twilio", country_prefixes="420", sequence=1)
        polish = self.make_gateway("smsapi", country_prefixes="48", sequence=2)
        sms, _notification = self.send_sms(number="+420601123456")
        self.assertEqual(self.attempts(sms).gateway_id, czech)
        sms, _notification = self.send_sms()
        self.assertEqual(self.attempts(sms).gateway_id, polish)
        sms, _notification = self.send_sms(number="+4915112345678")
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_country_not_supported"))

    def test_timeout_fails_over(self):
        # Odoo's test framework raises any timeout below 10 s to 10 s
        self.make_gateway("serwersms", timeout=10, max_retries=0, sequence=1)
        second = self.make_gateway("smsapi", sequence=2)
        self.server.script.append((200, {"success": True}, 10.5))
        sms, _notification = self.send_sms()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.attempts(sms).mapped("error_code"), ["timeout", False])
        self.assertEqual(self.attempts(sms)[-1].gateway_id, second)


@tagged("post_install", "-at_install")
class TestKilledAfterLedgerUpdate(SmsGatewayCase):
    """A kill after the ledger said "sent" (its own committed transaction) but before the SMS's
    transaction committed: the SMS is queued again and must not be sent again. The kill itself,
    between the provider's answer and any commit, is done to a real Odoo process in
    ``tests/test_sms_kill.py``; here the database is left as such a kill leaves it."""

    def test_killed_after_ledger_update(self):
        self.make_gateway("twilio")
        sms, _notification = self.send_sms()
        self.assertEqual(len(self.server.requests), 1)
        self.env.flush_all()
        self.env.cr.execute("UPDATE sms_sms SET state = 'outgoing' WHERE id = %s", [sms.id])
        self.env.invalidate_all()
        self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.attempts(sms).mapped("state"), ["sent"])
