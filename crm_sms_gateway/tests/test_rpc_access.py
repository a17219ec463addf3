"""Issue 13, administration over JSON-RPC: a user who sends SMS (salesperson) can neither read
a gateway's credentials nor the attempt log, nor call the gateway's public methods; the
administrator can. As external programs and the web client reach the server."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw

from .common import SmsGatewayMixin


@tagged("post_install", "-at_install")
class TestGatewayRpcAccess(SmsGatewayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, login="sms_rpc_admin", groups="base.group_user,base.group_system")
        cls.gateway = cls.make_gateway(test_number="+48601234567")

    def rpc(self, user, model, method, *args, **kwargs):
        with mute_logger("odoo.http"):
            return execute_kw(self, user, user.login, model, method, args, kwargs)

    def assertRefused(self, body):
        self.assertIn("error", body)
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError", body["error"]["data"])
        self.assertNotIn("smsapi-token", str(body))

    def test_salesperson_cannot_reach_gateways(self):
        gateway_id = self.gateway.id
        user = self.salesperson
        self.assertRefused(self.rpc(user, "crm.sms.gateway", "read", [gateway_id], ["api_token"]))
        self.assertRefused(self.rpc(user, "crm.sms.gateway", "read", [gateway_id], ["name"]))
        self.assertRefused(self.rpc(user, "crm.sms.gateway", "search_read", [], ["api_token", "webhook_token"]))
        self.assertRefused(self.rpc(user, "crm.sms.gateway", "action_send_test_sms", [gateway_id]))
        self.assertRefused(self.rpc(user, "crm.sms.gateway", "write", [gateway_id], {"api_url": "https://evil"}))
        self.assertRefused(self.rpc(user, "crm.sms.attempt", "search_read", [], ["number"]))
        # private methods are not callable remotely at all
        body = self.rpc(user, "crm.sms.gateway", "_provider_config", [gateway_id])
        self.assertIn("error", body)
        self.assertNotIn("smsapi-token", str(body))
        # nothing was sent, nothing changed
        self.assertFalse(self.server.requests)
        self.assertEqual(self.gateway.sudo().api_url, self.server.url + "/sms.do")

    def test_administrator_can(self):
        body = self.rpc(self.admin, "crm.sms.gateway", "read", [self.gateway.id], ["api_token"])
        self.assertEqual(body["result"][0]["api_token"], "smsapi-token")
        body = self.rpc(self.admin, "crm.sms.gateway", "action_send_test_sms", [self.gateway.id])
        self.assertEqual(body["result"]["params"]["type"], "success")
        self.assertEqual(len(self.server.requests), 1)
