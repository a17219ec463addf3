"""Issue 13, administration: bad gateway configurations are refused on save, credentials stay
with administrators, the test button shows the provider's answer."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import INVALID, SmsGatewayCase


@tagged("post_install", "-at_install")
class TestGatewayConfiguration(SmsGatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, login="sms_admin", groups="base.group_system")

    def assertRefused(self, message, **values):
        Gateway = self.env["crm.sms.gateway"].with_user(self.admin)
        count = Gateway.search_count([])
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            Gateway.create({"name": "Bad", "provider": "smsapi", "api_token": "t", **values})
        self.assertEqual(Gateway.search_count([]), count)

    def test_bad_configurations_refused(self):
        self.assertRefused("API token", api_token=False)
        self.assertRefused("Account SID", provider="twilio", api_token="x")
        self.assertRefused("needs an API URL", provider="generic")
        self.assertRefused("longer than 11", sender_name="ABCDEFGHIJKL")
        self.assertRefused("may only hold", sender_name="Sklep#1")
        self.assertRefused("must use HTTPS", api_url="http://sms.example.com/send")
        self.assertRefused("above zero", rate_limit=0)
        self.assertRefused("not valid JSON", provider="generic", api_url="https://x.example.com", params_template="{to")
        # explicitly allowed for a local test server
        gateway = self.make_gateway("generic")
        self.assertTrue(gateway.allow_insecure)

    def test_form_as_administrator(self):
        form = Form(self.env["crm.sms.gateway"].with_user(self.admin))
        form.name = "SMSAPI"
        form.api_token = "secret"
        form.sender_name = "Optima"
        gateway = form.save()
        self.assertEqual(gateway.provider, "smsapi")
        self.assertTrue(gateway.sudo().webhook_token)

    def test_credentials_and_log_are_admin_only(self):
        gateway = self.make_gateway()
        with self.assertRaises(AccessError):
            gateway.with_user(self.salesperson).read(["name"])
        with self.assertRaises(AccessError):
            self.env["crm.sms.attempt"].with_user(self.salesperson).search([])
        field = self.env["crm.sms.gateway"]._fields["api_token"]
        self.assertEqual(field.groups, "base.group_system")

    def test_send_test_sms_shows_answer(self):
        gateway = self.make_gateway().with_user(self.admin)
        gateway.test_number = "601 234 567"
        action = gateway.action_send_test_sms()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("Sent. Provider message id: SA", gateway.last_test_result)
        gateway.test_number = INVALID
        action = gateway.action_send_test_sms()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("No correct phone numbers", gateway.last_test_result)
        self.assertIn("refused by the provider (code 13)", gateway.last_test_result)
        # in Polish, no English word left but the provider's own text
        self.env["res.lang"]._activate_lang("pl_PL")
        gateway.with_context(lang="pl_PL").action_send_test_sms()
        self.assertEqual(
            gateway.last_test_result, "Nie wysłano, dostawca odrzucił wiadomość (kod 13): No correct phone numbers"
        )

    def test_our_own_errors_read_in_the_users_language(self):
        """What our code writes about an answer (garbage, timeout), unlike the provider's own
        text, is in the language of the user who sends."""
        gateway = self.make_gateway("serwersms").with_user(self.admin)
        gateway.test_number = "601 234 567"
        self.env["res.lang"]._activate_lang("pl_PL")
        self.server.script.append((200, "<html>Przerwa techniczna</html>", 0))
        gateway.with_context(lang="pl_PL").action_send_test_sms()
        self.assertEqual(
            gateway.last_test_result,
            "Nie wysłano, dostawca odrzucił wiadomość (kod http_200): "
            "Bramka nie odpowiedziała w formacie JSON: <html>Przerwa techniczna</html>",
        )
        self.server.script.append((200, "<html>Maintenance</html>", 0))
        gateway.action_send_test_sms()
        self.assertIn("The gateway did not answer JSON: <html>Maintenance</html>", gateway.last_test_result)
