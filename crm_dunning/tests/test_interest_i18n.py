"""Issue 14, interest notes: the interest tables read in Polish."""

from odoo.tests import tagged

from odoo.addons.crm_reminders.tests.polish import PolishCase


@tagged("post_install", "-at_install")
class TestInterestPolish(PolishCase):
    polish_addon = "crm_dunning"
    polish_groups = "crm_dunning.group_dunning_manager"

    def test_interest_in_polish(self):
        self.assertEqual(self.env_pl.ref("crm_dunning.menu_interest_table").name, "Tabele odsetek")
        fields = self.env_pl["crm.dunning.interest.table"].fields_get(["day_count_basis", "holiday_source"])
        self.assertEqual(fields["day_count_basis"]["string"], "Dni w roku")
        self.assertIn(("calendar", "Kalendarz pracy firmy"), fields["holiday_source"]["selection"])
        arch = self.env_pl["crm.dunning.interest.table"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Rekompensata za koszty odzyskiwania należności", arch)
        table = self.env_pl.ref("crm_dunning.interest_table_pl_commercial")
        self.assertEqual(table.name, "Odsetki ustawowe za opóźnienie w transakcjach handlowych (PL)")
