"""Temporary SMTP failures are retried by the mail queue, permanent ones fail at once.

The SMTP layer is Odoo core's (``ir.mail_server``), so it runs on core's own test mocks
(``mock_mail_gateway``): its fake SMTP session raises what smtplib raises against a real server
(core's ``send_email`` wraps it as in production), or ``connect`` fails.
``tests/test_mail_delivery.py`` proves the same against a real SMTP server.
"""

import smtplib
import ssl
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.crm_reminders.models.mail_mail import smtp_failure_is_temporary
from odoo.addons.mail.tests.common import MailCommon

NOW = datetime(2026, 3, 2, 9, 0, 0)
GREYLISTED = smtplib.SMTPDataError(451, b"4.7.1 Greylisted, please try again later")
UNKNOWN_USER = smtplib.SMTPDataError(550, b"5.1.1 User unknown")


class TestSmtpFailureKind(TransactionCase):
    def test_temporary_and_permanent_failures(self):
        refused = {"a@x.example": (450, b"mailbox busy"), "b@x.example": (550, b"unknown")}
        cases = [
            (GREYLISTED, True),
            (UNKNOWN_USER, False),
            (smtplib.SMTPSenderRefused(421, b"try later", "me@x.example"), True),
            (smtplib.SMTPRecipientsRefused({"a@x.example": (450, b"mailbox busy")}), True),
            (smtplib.SMTPRecipientsRefused(refused), False),
            (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True),
            (ConnectionRefusedError(111, "Connection refused"), True),
            (TimeoutError("timed out"), True),
            (ssl.SSLCertVerificationError("certificate verify failed"), False),
            (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
            (MailDeliveryException("Unable to connect to SMTP Server", ConnectionRefusedError(111, "refused")), True),
            (ValueError("something else"), False),
        ]
        for error, temporary in cases:
            with self.subTest(error=repr(error)):
                self.assertEqual(smtp_failure_is_temporary(error), temporary)
        # core's MailDeliveryException raised while handling the SMTP answer keeps it as context
        for smtp_error, temporary in ((GREYLISTED, True), (UNKNOWN_USER, False)):
            try:
                try:
                    raise smtp_error
                except smtplib.SMTPException as error:
                    raise MailDeliveryException("Mail Delivery Failed", str(error)) from error
            except MailDeliveryException as wrapped:
                self.assertEqual(smtp_failure_is_temporary(wrapped), temporary)


class TestMailRetry(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("crm_reminders.mail_retry_attempts", 3)
        params.set_param("crm_reminders.mail_retry_delay", 600)
        cls.customer = cls.env["res.partner"].create({"name": "Kowalski sp. z o.o.", "email": "biuro@kowalski.example"})
        cls.other = cls.env["res.partner"].create({"name": "Nowak", "email": "nowak@nowak.example"})

    def _post(self, partners=None, body="Invoice attached"):
        """The customer is e-mailed from its chatter (the data the queue gets; who posts does not
        matter here: the queue runs as the scheduled action); the e-mail waits in the queue."""
        record = self.customer.with_context(mail_notify_force_send=False)
        message = record.message_post(
            body=body,
            partner_ids=(partners or self.customer).ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing")
        return message, mail

    def _fail_with(self, *answers):
        """The SMTP session answers the next messages so, in order: an smtplib error is raised,
        None accepts the message; then it accepts every message."""
        session = self.testing_smtp_session
        origin = session.send_message
        queue = list(answers)

        def send_message(message, smtp_from, smtp_to_list):
            error = queue.pop(0) if queue else None
            if error:
                raise error
            return origin(message, smtp_from, smtp_to_list)

        session.send_message = send_message

    def _notification(self, message, partner):
        return message.notification_ids.filtered(lambda n: n.res_partner_id == partner)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_greylisted_mail_is_retried_after_the_back_off_and_sent_once(self):
        with freeze_time(NOW):
            message, mail = self._post()
        with self.mock_mail_gateway(), freeze_time(NOW):
            self._fail_with(GREYLISTED)
            self.env["mail.mail"].process_email_queue()
            self.assertEqual(self.send_email_mocked.call_count, 1)
            self.assertEqual(mail.state, "outgoing")
            self.assertEqual(mail.delivery_attempts, 1)
            self.assertEqual(mail.scheduled_date, NOW + timedelta(minutes=10))
            self.assertIn("Attempt 1 of 3", mail.failure_reason)
            self.assertIn("Greylisted", mail.failure_reason)
            notification = self._notification(message, self.customer)
            self.assertEqual(notification.notification_status, "ready")
            self.assertFalse(message.has_error, "no red envelope while the queue still tries")
            cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
            trigger = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)], order="id desc", limit=1)
            self.assertEqual(trigger.call_at, NOW + timedelta(minutes=10), "the queue runs again at that time")

            self.env["mail.mail"].process_email_queue()  # too early: not tried
            self.assertEqual(self.send_email_mocked.call_count, 1)

        with self.mock_mail_gateway(), freeze_time(NOW + timedelta(minutes=10)):
            self.env["mail.mail"].process_email_queue()
            self.assertEqual(len(self.emails), 1, "sent once")
        self.assertEqual(mail.state, "sent")
        self.assertFalse(mail.failure_reason)
        self.assertEqual(self._notification(message, self.customer).notification_status, "sent")

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_back_off_doubles_and_the_last_attempt_fails_with_the_servers_reason(self):
        with freeze_time(NOW):
            message, mail = self._post()
        when = NOW
        with self.mock_mail_gateway():
            self._fail_with(GREYLISTED, GREYLISTED, GREYLISTED)
            for attempt, wait in ((1, 10), (2, 20)):
                with freeze_time(when):
                    self.env["mail.mail"].process_email_queue()
                self.assertEqual((mail.state, mail.delivery_attempts), ("outgoing", attempt))
                self.assertEqual(mail.scheduled_date, when + timedelta(minutes=wait))
                when = mail.scheduled_date
            with freeze_time(when):
                self.env["mail.mail"].process_email_queue()
        self.assertEqual(self.send_email_mocked.call_count, 3)
        self.assertEqual(mail.state, "exception")
        self.assertIn("451", mail.failure_reason)
        self.assertIn("Greylisted", mail.failure_reason)
        notification = self._notification(message, self.customer)
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "unknown")  # core's type for an SMTP answer
        self.assertIn("Greylisted", notification.failure_reason)
        message.invalidate_recordset(["has_error"])
        self.assertTrue(message.has_error)

        # the administrator's Retry gets all the attempts again
        mail.action_retry()
        self.assertEqual((mail.state, mail.delivery_attempts), ("outgoing", 0))

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_permanent_failure_fails_at_once_with_the_servers_reason(self):
        message, mail = self._post()
        with self.mock_mail_gateway():
            self._fail_with(UNKNOWN_USER)
            self.env["mail.mail"].process_email_queue()
            self.env["mail.mail"].process_email_queue()
        self.assertEqual(self.send_email_mocked.call_count, 1)
        self.assertEqual((mail.state, mail.delivery_attempts), ("exception", 0))
        self.assertIn("User unknown", mail.failure_reason)
        notification = self._notification(message, self.customer)
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("550", notification.failure_reason)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_unreachable_server_is_retried_and_the_reason_shows_on_the_chatter(self):
        with freeze_time(NOW):
            message, mail = self._post()
        self.env["ir.config_parameter"].sudo().set_param("crm_reminders.mail_retry_attempts", 2)
        with self.mock_mail_gateway(), freeze_time(NOW):
            self.connect_mocked.side_effect = ConnectionRefusedError(111, "Connection refused")
            self.env["mail.mail"].process_email_queue()
            self.assertEqual((mail.state, mail.delivery_attempts), ("outgoing", 1))
            self.assertIn("Connection refused", mail.failure_reason)
        with self.mock_mail_gateway(), freeze_time(NOW + timedelta(minutes=10)):
            self.connect_mocked.side_effect = ConnectionRefusedError(111, "Connection refused")
            self.env["mail.mail"].process_email_queue()
        self.assertEqual(mail.state, "exception")
        notification = self._notification(message, self.customer)
        self.assertEqual((notification.notification_status, notification.failure_type), ("exception", "mail_smtp"))
        self.assertIn("Connection refused", notification.failure_reason)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_dropped_connection_keeps_the_mail_with_its_reason_and_sends_the_others(self):
        with freeze_time(NOW):
            dropped_message, dropped = self._post(body="First")
            _message, other = self._post(partners=self.other, body="Second")
        with self.mock_mail_gateway(), freeze_time(NOW):
            self._fail_with(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
            (dropped | other).send()  # as the user's Send does: no error
            self.assertEqual(self.send_email_mocked.call_count, 2)
        self.assertEqual(other.state, "sent")
        self.assertEqual((dropped.state, dropped.delivery_attempts), ("outgoing", 1))
        self.assertIn("Connection unexpectedly closed", dropped.failure_reason)
        self.assertEqual(self._notification(dropped_message, self.customer).notification_status, "ready")

        self.env["ir.config_parameter"].sudo().set_param("crm_reminders.mail_retry_attempts", 2)
        with self.mock_mail_gateway(), freeze_time(NOW + timedelta(minutes=10)):
            self._fail_with(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
            self.env["mail.mail"].process_email_queue()
        self.assertEqual((dropped.state, dropped.failure_type), ("exception", "mail_smtp"))
        self.assertIn("Connection unexpectedly closed", dropped.failure_reason)
        notification = self._notification(dropped_message, self.customer)
        self.assertEqual((notification.notification_status, notification.failure_type), ("exception", "mail_smtp"))
        self.assertIn("Connection unexpectedly closed", notification.failure_reason)
        dropped_message.invalidate_recordset(["has_error"])
        self.assertTrue(dropped_message.has_error)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_recipients_delivered_before_a_temporary_failure_do_not_get_it_twice(self):
        with freeze_time(NOW):
            message, mail = self._post(partners=self.customer | self.other)
        with self.mock_mail_gateway(), freeze_time(NOW):
            # one e-mail per partner recipient: the first is accepted, the second greylisted
            self._fail_with(None, GREYLISTED)
            self.env["mail.mail"].process_email_queue()
            self.assertEqual(len(self.emails), 1)
            first_to = self.emails[0]["msg_to"]
        first_partner = self.customer if self.customer.email in first_to else self.other
        second_partner = (self.customer | self.other) - first_partner
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, second_partner)
        self.assertEqual(self._notification(message, first_partner).notification_status, "sent")
        self.assertEqual(self._notification(message, second_partner).notification_status, "ready")

        with self.mock_mail_gateway(), freeze_time(NOW + timedelta(minutes=10)):
            self.env["mail.mail"].process_email_queue()
            self.assertEqual(len(self.emails), 1)
            self.assertIn(second_partner.email, self.emails[0]["msg_to"])
        self.assertEqual(self._notification(message, second_partner).notification_status, "sent")
