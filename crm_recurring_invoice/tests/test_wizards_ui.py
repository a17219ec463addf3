"""Issue 10, item 12: the forecast follows its scope at once, keeps its title, and an empty
forecast or suggestion list says why and what would appear."""

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestWizardsUi(RecurringCommon):
    @freeze_time("2026-02-10")
    def test_forecast_follows_its_scope_and_keeps_its_title(self):
        template = self.make_template()
        action = template.with_user(self.user).action_preview()
        self.assertEqual(action["name"], "Recurring Invoices Forecast")
        wizard = self.env["crm.recurring.preview"].with_user(self.user).browse(action["res_id"])
        with Form(wizard) as form:
            self.assertEqual(len(form.line_ids), 4)
            form.scope = "months"
            form.months = 2
            self.assertEqual(len(form.line_ids), 8, "the lines follow the scope without Refresh")
            form.months = 1
            self.assertEqual(len(form.line_ids), 6)
        for button in (wizard.action_refresh, wizard.action_export_xlsx):
            result = button()
            if result["type"] == "ir.actions.act_window":
                self.assertEqual(result["name"], "Recurring Invoices Forecast")

    @freeze_time("2026-02-10")
    def test_empty_forecast_says_why(self):
        Preview = self.env["crm.recurring.preview"].with_user(self.user)
        self.env["crm.recurring.template"].search([]).active = False  # demo data, if loaded
        self.assertIn("no recurring invoice template yet", Preview.create({}).empty_reason)
        draft = self.make_template(activate=False, name="Demo subscription")
        wizard = Preview.create({"template_ids": [(6, 0, draft.ids)]})
        self.assertFalse(wizard.line_ids)
        self.assertIn("Demo subscription", wizard.empty_reason)
        self.assertIn("Activate", wizard.empty_reason)
        self.assertIn("Demo subscription", Preview.create({}).empty_reason, "from the menu, all templates")
        running = self.make_template(name="Done")
        running._generate_due()
        wizard = Preview.create({"template_ids": [(6, 0, running.ids)]})
        self.assertIn("Next months", wizard.empty_reason)
        wizard.write({"scope": "months", "months": 1})
        wizard.action_refresh()
        self.assertTrue(wizard.line_ids)
        self.assertFalse(wizard.empty_reason)

    @freeze_time("2026-06-20")
    def test_empty_suggestions_say_what_would_appear(self):
        wizard = self.env["crm.recurring.suggest"].with_user(self.user).create({})
        self.assertFalse(wizard.line_ids)
        arch = self.env["crm.recurring.suggest"].get_view(view_type="form")["arch"]
        self.assertIn("same products in the same quantities", arch)
        self.assertIn('invisible="line_ids"', arch)
        self.assertEqual(wizard.action_refresh()["name"], "Suggest Recurring Templates")
