"""Issue 14: with Polish loaded, the dunning menu, fields, views and selections read in Polish
(pl.po follows Odoo's own export, with the references Odoo needs)."""

from odoo.tests import tagged

from odoo.addons.crm_reminders.tests.polish import PolishCase


@tagged("post_install", "-at_install")
class TestPolish(PolishCase):
    polish_addon = "crm_dunning"
    polish_groups = "crm_dunning.group_dunning_manager"

    def test_menu(self):
        self.assertEqual(self.env_pl.ref("crm_dunning.menu_dunning_scheme").name, "Schematy windykacji")
        self.assertEqual(self.env_pl.ref("crm_dunning.menu_dunning_run").name, "Uruchom windykację")

    def test_fields_and_selections(self):
        fields = self.env_pl["crm.dunning.scheme"].fields_get(["threshold"])
        self.assertEqual(fields["threshold"]["string"], "Pomijaj należności do kwoty")
        action = self.env_pl["crm.dunning.action"].fields_get(["kind"])
        self.assertIn(("payment_reminder", "Ponaglenie zapłaty"), action["kind"]["selection"])
        self.assertIn(("interest_note", "Nota odsetkowa"), action["kind"]["selection"])
        partner = self.env_pl["res.partner"].fields_get(["dunning_promise_date"])
        self.assertEqual(partner["dunning_promise_date"]["string"], "Obietnica zapłaty do")
        line = self.env_pl["crm.dunning.document.line"].fields_get(["interest_date_to", "amount_residual_currency"])
        self.assertEqual(line["interest_date_to"]["string"], "Odsetki do")
        self.assertEqual(line["amount_residual_currency"]["string"], "Kwota do zapłaty w walucie")

    def test_views(self):
        arch = self.env_pl["crm.dunning.run.wizard"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Uruchom teraz", arch)
        self.assertIn("Podgląd", arch)
