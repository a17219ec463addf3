from odoo.tests import HttpCase, tagged

from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, HttpCase):
    """Issue 10: a Polish administrator (the SMS menus are settings) walks the SMS screens in
    the browser: messages, gateways, the gateway log."""

    polish_addon = "crm_sms_gateway"
    walk_groups = "base.group_user,base.group_system,crm_reminders.group_crm_manager"
    walk_skip_form = ("crm_sms_gateway.menu_sms", "crm_sms_gateway.menu_sms_attempts")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.sms.gateway"].create({"name": "Bramka SMS", "provider": "smsapi", "api_token": "token-testowy"})
