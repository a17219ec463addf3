"""Issue 13: quiet hours hold night-time SMS until the recipient's morning unless urgent;
per-gateway statistics of the month."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SmsGatewayCase


@tagged("post_install", "-at_install")
class TestQuietHours(SmsGatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"sms_quiet_hours": True, "sms_quiet_start": 21.0, "sms_quiet_end": 8.0})
        cls.customer.tz = "Europe/Warsaw"
        cls.cron = cls.env.ref("sms.ir_cron_sms_scheduler_action")

    def test_night_sms_held_until_morning(self):
        self.make_gateway()
        with freeze_time("2026-11-30 22:30:00"):  # 23:30 in Warsaw
            sms, notification = self.send_sms()
            self.assertEqual(sms.state, "outgoing")
            self.assertEqual(notification.notification_status, "ready")
            self.assertFalse(self.server.requests)
            trigger = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)], order="id desc", limit=1)
            self.assertEqual(str(trigger.call_at), "2026-12-01 07:00:00")  # 08:00 in Warsaw
        with freeze_time("2026-12-01 07:05:00"):
            self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(notification.notification_status, "pending")

    def test_urgent_goes_at_night(self):
        self.make_gateway()
        with freeze_time("2026-11-30 22:30:00"):
            self.customer.with_user(self.salesperson)._message_sms(
                "Pilne", sms_numbers=["+48601234567"], put_in_queue=True
            )
            sms = self.env["sms.sms"].search([("mail_message_id", "=", self.customer.message_ids.sorted("id")[-1].id)])
            sms.crm_urgent = True
            sms.send(unlink_sent=False)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self.server.requests), 1)

    def test_daytime_in_recipient_zone(self):
        self.make_gateway()
        self.customer.tz = "America/New_York"
        with freeze_time("2026-11-30 22:30:00"):  # 17:30 in New York
            sms, _notification = self.send_sms()
        self.assertEqual(sms.state, "pending")


@tagged("post_install", "-at_install")
class TestStatistics(SmsGatewayCase):
    def test_month_statistics(self):
        gateway = self.make_gateway(cost_per_segment=0.1)
        self.send_sms()  # sent
        self.server.script.append((200, {"error": 13, "message": "No correct phone numbers"}, 0))
        self.send_sms()  # failed
        sms, _notification = self.send_sms()
        attempts = self.env["crm.sms.attempt"].search([("gateway_id", "=", gateway.id)])
        self.assertEqual(len(attempts), 3)
        self.attempts(sms).write({"state": "delivered"})
        # one attempt of last month does not count
        old = attempts.sorted("id")[0]
        self.env.flush_all()
        self.env.cr.execute("UPDATE crm_sms_attempt SET create_date = '2026-10-31 23:00:00' WHERE id = %s", [old.id])
        with freeze_time("2026-11-30 12:00:00"):
            self.env.cr.execute(
                "UPDATE crm_sms_attempt SET create_date = '2026-11-15 10:00:00' WHERE id IN %s",
                [tuple((attempts - old).ids)],
            )
            self.env.invalidate_all()
            self.assertEqual(
                (gateway.month_sent_count, gateway.month_delivered_count, gateway.month_failed_count),
                (1, 1, 1),
            )
            self.assertAlmostEqual(gateway.month_cost, 0.16)
