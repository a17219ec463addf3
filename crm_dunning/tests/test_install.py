from odoo.tests import new_test_user, tagged

from odoo.addons.crm_reminders.tests.common import AddonMenusCase, AddonMenuTourCase


class TestMenus(AddonMenusCase):
    module = "crm_dunning"
    other_roots = ("account.menu_finance",)

    def test_billing_user_without_crm_reaches_dunning_in_invoicing(self):
        """Tester's finding 17: an accountant who does not use the CRM app finds the dunning
        screens under Invoicing / Customers and Reporting."""
        accountant = new_test_user(self.env, login="dunning_menu_billing", groups="account.group_account_invoice")
        visible = self.env(user=accountant)["ir.ui.menu"].load_menus(debug=False)
        self.assertNotIn(self.env.ref("crm_reminders.menu_receivables").id, visible, "no CRM app for him")
        for xmlid in (
            "crm_dunning.menu_invoicing_dunning_run",
            "crm_dunning.menu_invoicing_dunning_ledger",
            "crm_dunning.menu_invoicing_dunning_document",
            "crm_dunning.menu_invoicing_interest_table",
            "crm_dunning.menu_invoicing_dunning_aging_report",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
        self.assertNotIn(self.env.ref("crm_dunning.menu_invoicing_dunning_scheme").id, visible, "Dunning managers only")
        ledger = self.env["crm.dunning.ledger"].with_user(accountant)
        self.assertFalse(ledger.search([]))  # the history opens for him (no AccessError)


@tagged("post_install", "-at_install")
class TestMenuTour(AddonMenuTourCase):
    menu_path = ("crm_reminders.menu_receivables", "crm_dunning.menu_overdue_invoice")
