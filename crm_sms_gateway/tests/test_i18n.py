"""Issue 13: with Polish loaded, the gateways' menu, fields, views and selections read in
Polish (pl.po follows Odoo's own export)."""

from odoo.tests import tagged

from odoo.addons.crm_reminders.tests.polish import PolishCase


@tagged("post_install", "-at_install")
class TestPolish(PolishCase):
    polish_addon = "crm_sms_gateway"
    polish_groups = "base.group_system"

    def test_menu_field_view_selection(self):
        self.assertEqual(self.env_pl.ref("crm_sms_gateway.menu_sms_gateways").name, "Bramki SMS")
        fields = self.env_pl["crm.sms.gateway"].fields_get(["sender_name", "provider"])
        self.assertEqual(fields["sender_name"]["string"], "Nazwa nadawcy")
        self.assertIn(("generic", "Dowolne API HTTP"), fields["provider"]["selection"])
        arch = self.env_pl["crm.sms.gateway"].get_view(view_type="form")["arch"]
        self.assertIn("Wyślij testowy SMS", arch)
        states = self.env_pl["crm.sms.attempt"].fields_get(["state"])["state"]["selection"]
        self.assertIn(("delivered", "Doręczony"), states)
