"""Issue 14, done when: the tour in the web client (headless Chromium), as a Dunning manager."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDunningTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        company.partner_id.tz = "Europe/Warsaw"
        company.email = "biuro@firma.example.com"
        cls.user = new_test_user(
            cls.env,
            login="tour_dunning",
            name="Tina Tour",
            email="tina@example.com",
            groups="crm_dunning.group_dunning_manager,crm_reminders.group_crm_user,base.group_partner_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="Europe/Warsaw",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour@example.com", "mobile": "+48 600 700 800", "user_id": cls.user.id}
        )
        # due relative to today (the browser and the server share the real clock): 10, 20, 40 days late
        today = fields.Date.context_today(cls.env.user.with_context(tz="Europe/Warsaw"))
        cls.invoices = cls.env["account.move"]
        for amount, late in ((100, 10), (200, 20), (1000, 40)):
            due = today - timedelta(days=late)
            move = cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.customer.id,
                    "invoice_date": due,
                    "invoice_date_due": due,
                    "invoice_line_ids": [Command.create({"name": "Services", "price_unit": amount, "tax_ids": []})],
                }
            )
            move.action_post()
            cls.invoices |= move

    def test_dunning_tour(self):
        self.start_tour("/odoo", "crm_dunning_flow", login="tour_dunning")
        scheme = self.env["crm.dunning.scheme"].search([("code", "=", "TOUR")])
        self.assertEqual(scheme.level_ids.mapped("day_offset"), [5, 15, 30])
        self.assertEqual(scheme.threshold, 500)
        ledger = self.customer.dunning_ledger_ids
        self.assertEqual(sorted(set(ledger.mapped("kind"))), ["block", "email", "payment_reminder", "sms", "task"])
        self.assertEqual(set(ledger.mapped("state")), {"done"})
        self.assertTrue(self.env["mail.mail"].search([("email_to", "=", "tour@example.com")]))
        self.assertTrue(self.env["sms.sms"].search([("number", "=", "+48600700800")]))
        task = ledger.filtered(lambda r: r.kind == "task").task_id
        self.assertEqual(task.user_id, self.user)
        reminder = self.env["crm.dunning.document"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((reminder.kind, reminder.state), ("payment_reminder", "sent"))
        self.assertFalse(self.customer.dunning_blocked)
        self.assertEqual(self.customer.dunning_block_log_ids.mapped("event"), ["unblock", "block"])
        self.assertIn(self.invoices[2].payment_state, ("paid", "in_payment"))
