"""Issue 10, item 1: with Polish loaded, the recurring invoices' menu, fields, views and
selections read in Polish (pl.po follows Odoo's own export, with the references Odoo needs)."""

from odoo.tests import tagged

from odoo.addons.crm_reminders.tests.polish import PolishCase


@tagged("post_install", "-at_install")
class TestPolish(PolishCase):
    polish_addon = "crm_recurring_invoice"
    polish_groups = "account.group_account_invoice,crm_reminders.group_crm_user"

    def test_menu_and_action(self):
        self.assertEqual(self.env_pl.ref("crm_recurring_invoice.menu_recurring_invoice").name, "Faktury cykliczne")
        self.assertEqual(
            self.env_pl.ref("crm_recurring_invoice.action_recurring_template").sudo().name,
            "Wzorce faktur cyklicznych",
        )

    def test_fields_and_selections(self):
        Template = self.env_pl["crm.recurring.template"]
        fields = Template.fields_get(["interval_unit", "short_period", "invoicing_mode", "partner_ids"])
        self.assertEqual(fields["partner_ids"]["string"], "Kontrahenci")
        self.assertEqual(fields["short_period"]["string"], "Niepełne okresy")
        self.assertIn(("month", "Miesiące"), fields["interval_unit"]["selection"])
        self.assertIn(("prorate", "Proporcjonalnie do liczby dni"), fields["short_period"]["selection"])
        self.assertIn(("postpaid", "Za miniony okres (z dołu)"), fields["invoicing_mode"]["selection"])
        suggest = self.env_pl["crm.recurring.suggest"].fields_get(["min_months"])
        self.assertEqual(suggest["min_months"]["string"], "Minimalna liczba miesięcy z fakturą")

    def test_views(self):
        views = self.env_pl["crm.recurring.template"].get_views([(False, "list"), (False, "form")])["views"]
        self.assertIn('string="Co ile"', views["list"]["arch"])
        self.assertIn('string="Kontrahenci"', views["list"]["arch"])
        self.assertNotIn('string="Co"', views["list"]["arch"])
        self.assertNotIn("Podmioty", views["list"]["arch"])
        self.assertIn("Generuj teraz", views["form"]["arch"])
        suggest = self.env_pl["crm.recurring.suggest"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Brak propozycji", suggest)
        self.assertNotIn("W co najmniej", suggest)
