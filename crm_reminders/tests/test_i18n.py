from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.translate import code_translations


class TestPolish(TransactionCase):
    """With Polish loaded, the CRM menus, task fields, views and selections of crm_reminders
    read in Polish (issue 10, item 1): the entries of pl.po carry the references Odoo needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["crm_reminders"], ["pl_PL"], overwrite=True)
        cls.user = new_test_user(
            cls.env, login="crm_pl_user", groups="base.group_user,crm_reminders.group_crm_user", lang="pl_PL"
        )

    def test_menus(self):
        env = self.env(user=self.user, context={"lang": "pl_PL"})
        names = {
            xmlid: env.ref(f"crm_reminders.{xmlid}").name
            for xmlid in ("menu_customers", "menu_crm_tasks", "menu_documents", "menu_receivables")
        }
        self.assertEqual(
            names,
            {
                "menu_customers": "Kontrahenci",
                "menu_crm_tasks": "Kontakty i zadania",
                "menu_documents": "Dokumenty",
                "menu_receivables": "Należności",
            },
        )
        self.assertEqual(env.ref("crm_reminders.action_crm_task").sudo().name, "Kontakty i zadania")

    def test_task_fields_views_and_selections(self):
        Task = self.env["crm.task"].with_user(self.user).with_context(lang="pl_PL")
        fields = Task.fields_get(["deadline", "user_id", "kind", "state"], ["string", "selection"])
        self.assertEqual(fields["deadline"]["string"], "Termin")
        self.assertEqual(fields["user_id"]["string"], "Prowadzący")
        self.assertIn(("call", "Rozmowa telefoniczna"), fields["kind"]["selection"])
        self.assertIn(("done", "Wykonane"), fields["state"]["selection"])
        views = Task.get_views([(False, "form"), (False, "search")])["views"]
        self.assertIn("Oznacz jako wykonane", views["form"]["arch"])
        self.assertIn("Po terminie", views["search"]["arch"])
        self.assertIn("Niezakończone", views["search"]["arch"])
        self.assertNotIn('string="Overdue"', views["search"]["arch"])

    def test_partner_button_and_tab(self):
        Partner = self.env["res.partner"].with_user(self.user).with_context(lang="pl_PL")
        arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Kontakty / zadania", arch)
        self.assertIn('string="Kontakty i zadania"', arch)

    def test_reminder_source_names(self):
        source = self.env.ref("crm_reminders.reminder_source_activity").with_context(lang="pl_PL")
        self.assertEqual(source.name, "Czynności")

    def test_bell_and_messages(self):
        """The bell's labels (JavaScript) and the server's messages read in Polish too."""
        messages = code_translations.get_web_translations("crm_reminders", "pl_PL")["messages"]
        web = {message["id"]: message["string"] for message in messages}
        self.assertEqual(web.get("Tomorrow morning"), "Jutro rano")
        self.assertEqual(web.get("%(title)s: snoozed until %(time)s"), "%(title)s: odłożone do %(time)s")
        python = code_translations.get_python_translations("crm_reminders", "pl_PL")
        self.assertIn(
            "może usunąć tylko jego prowadzący",
            python["Only the owner of %(task)s (%(owner)s) or a CRM manager can delete it; you can cancel it."],
        )


@tagged("post_install", "-at_install")
class TestPolishTour(HttpCase):
    """The same in the browser, as a Polish CRM user."""

    def test_polish_in_browser(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_reminders"], ["pl_PL"], overwrite=True)
        user = new_test_user(
            self.env,
            login="crm_pl_tour",
            password="crm_pl_tour_pw",
            groups="base.group_user,crm_reminders.group_crm_user",
            lang="pl_PL",
            tz="Europe/Warsaw",
            crm_reminder_hour_from=0.0,
            crm_reminder_hour_to=24.0,
        )
        self.env["crm.task"].with_user(user).create(
            {"name": "Telefon do Kowalskiego", "kind": "call", "deadline": fields.Datetime.now() + timedelta(minutes=5)}
        )
        self.start_tour("/odoo", "crm_reminders_polish_tour", login="crm_pl_tour", timeout=120)
