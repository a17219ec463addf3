"""Issue 13, delivery reports: signed or token-checked callbacks update the SMS and its
notification; unsigned, wrongly signed and replayed ones get 403 and change nothing."""

from twilio.request_validator import RequestValidator

from odoo.tests import HttpCase, tagged

from .common import SmsGatewayMixin


@tagged("post_install", "-at_install")
class TestDeliveryReports(SmsGatewayMixin, HttpCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())

    def post(self, url, data, headers=None):
        return self.url_open(url, data=data, headers=headers or {}, allow_redirects=False)

    def test_twilio_signature(self):
        gateway = self.make_gateway("twilio")
        sms, notification = self.send_sms()
        attempt = self.attempts(sms)
        url = gateway._callback_url()
        params = {
            "MessageSid": attempt.provider_message_id,
            "MessageStatus": "delivered",
            "AccountSid": gateway.account_sid,
        }
        good = RequestValidator("twilio-auth-token").compute_signature(url, params)
        bad = RequestValidator("another-token").compute_signature(url, params)
        self.assertEqual(self.post(url, params).status_code, 403)  # unsigned
        self.assertEqual(self.post(url, params, {"X-Twilio-Signature": bad}).status_code, 403)
        self.assertEqual(attempt.state, "sent")
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(self.post(url, params, {"X-Twilio-Signature": good}).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(attempt.state, "delivered")
        self.assertEqual(notification.notification_status, "sent")
        self.assertEqual(sms.state, "sent")
        # the same report again is a replay
        self.assertEqual(self.post(url, params, {"X-Twilio-Signature": good}).status_code, 403)

    def test_token_checked_report_undelivered(self):
        gateway = self.make_gateway("serwersms")
        sms, notification = self.send_sms()
        attempt = self.attempts(sms)
        url = gateway._callback_url()
        path = url.split("?")[0]
        params = {
            "message_id": attempt.provider_message_id,
            "status": "undelivered",
            "error_code": "17",
            "error_text": "Phone off",
        }
        self.assertEqual(self.post(path, params).status_code, 403)
        self.assertEqual(self.post(path + "?token=wrong", params).status_code, 403)
        self.env.invalidate_all()
        self.assertEqual(attempt.state, "sent")
        self.assertEqual(self.post(url, params).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual((attempt.state, attempt.error_code, attempt.error_text), ("undelivered", "17", "Phone off"))
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_not_delivered")
        self.assertEqual(self.post(url, params).status_code, 403)

    def test_smsapi_status_code_without_name(self):
        gateway = self.make_gateway("smsapi")
        sms, notification = self.send_sms()
        attempt = self.attempts(sms)
        # SMSAPI's status 405: undelivered (its published list of delivery statuses)
        url = f"{gateway._callback_url()}&MsgId={attempt.provider_message_id}&status=405"
        self.assertEqual(self.url_open(url).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(attempt.state, "undelivered")
        self.assertEqual(notification.notification_status, "exception")
