from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


@tagged("post_install", "-at_install")
class TestRecurringTour(AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company_data["company"]
        cls.user = new_test_user(
            cls.env,
            login="recurring_tour",
            groups="account.group_account_invoice,crm_reminders.group_crm_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls._create_product(name="Tour backup service", lst_price=120)
        cls.customers = cls.env["res.partner"].create([{"name": "Tour Customer A"}, {"name": "Tour Customer B"}])

    def test_create_preview_generate(self):
        self.start_tour(
            "/odoo/action-crm_recurring_invoice.action_recurring_template",
            "crm_recurring_template_tour",
            login="recurring_tour",
        )
        template = self.env["crm.recurring.template"].search([("name", "=", "Tour cloud backup")])
        self.assertEqual(template.state, "running")
        self.assertEqual(template.partner_ids.partner_id, self.customers)
        self.assertEqual(len(template.move_ids), 2)
        self.assertEqual(template.move_ids.partner_id, self.customers)
        self.assertEqual(set(template.move_ids.mapped("amount_untaxed")), {120.0})
