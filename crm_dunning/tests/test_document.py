"""Issue 14, dunning documents: payment reminders and balance confirmations made by the run
(grouped per customer and level, ledger-protected, failures isolated), their lines, and their
numbering per company, kind and year."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DunningCommon


class Killed(Exception):
    """Stands for the process being killed at a commit point of the scheduled action."""


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestDocumentRun(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.friendly, cls.sms_level, cls.final = cls.scheme.level_ids
        cls.final.action_ids = [
            Command.create({"kind": "payment_reminder"}),
            Command.create({"kind": "balance_confirmation"}),
        ]
        cls.Document = cls.env["crm.dunning.document"]

    def run_dunning(self):
        return self.env["crm.dunning.scheme"].with_user(self.billing)._dunning_run(self.company)

    def documents(self, kind, partner=None):
        return self.Document.search([("kind", "=", kind), ("partner_id", "=", (partner or self.customer).id)])

    def test_one_reminder_per_customer_and_level_listing_its_invoices(self):
        first = self.make_invoice(self.customer, 700, due=date(2026, 2, 1))  # 47 days late
        second = self.make_invoice(self.customer, 300, due=date(2026, 2, 10))  # 38 days late
        younger = self.make_invoice(self.customer, 50, due=date(2026, 3, 15))  # at the SMS level
        other = self.make_invoice(self.customer_2, 200, due=date(2026, 2, 5))
        ledger = self.run_dunning()
        reminder = self.documents("payment_reminder")
        self.assertEqual(len(reminder), 1, "one document per customer and level")
        self.assertEqual(reminder.line_ids.move_id, first | second, "the invoices at the final level only")
        self.assertNotIn(younger, reminder.line_ids.move_id)
        self.assertEqual(reminder.line_ids.mapped("amount_residual"), [700.0, 300.0])
        self.assertEqual(reminder.line_ids.mapped("days_late"), [47, 38])
        self.assertEqual(reminder.line_ids.mapped("date_due"), [date(2026, 2, 1), date(2026, 2, 10)])
        self.assertEqual(reminder.amount_residual, 1000.0)
        self.assertEqual(reminder.name, "PZ/2026/0001")
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.level_id, self.final)
        self.assertEqual(self.documents("payment_reminder", self.customer_2).line_ids.move_id, other)
        mail = self.env["mail.mail"].search([("model", "=", "crm.dunning.document"), ("res_id", "=", reminder.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "biuro@kowalski.pl")
        self.assertIn("PZ/2026/0001", mail.subject)
        self.assertEqual(len(mail.attachment_ids), 1, "the document's print is attached")
        rows = ledger.filtered(lambda r: r.kind == "payment_reminder" and r.partner_id == self.customer)
        self.assertEqual(rows.move_id, first | second)
        self.assertIn("PZ/2026/0001", rows[0].message)
        # the balance confirmation lists every open item of the customer, the younger one too
        balance = self.documents("balance_confirmation")
        self.assertEqual(balance.line_ids.move_id, first | second | younger)
        self.assertEqual(balance.amount_total, 1050.0)
        self.assertTrue(balance.access_token)

    def test_rerun_issues_no_second_document_or_mail(self):
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        self.run_dunning()
        self.assertFalse(self.run_dunning(), "the rerun finds everything in the ledger")
        self.assertEqual(len(self.documents("payment_reminder")), 1)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "crm.dunning.document"), ("res_id", "in", self.documents("payment_reminder").ids)]
            ),
            1,
        )

    @mute_logger("odoo.sql_db")
    def test_ledger_refusal_rolls_the_document_back(self):
        """Two workers at once: the second one's ledger row is refused, and its document, number
        and e-mail go with it (the savepoint of the action)."""
        invoice = self.make_invoice(self.customer, due=date(2026, 2, 1))
        company = self.company
        plan = self.env["crm.dunning.scheme"]._dunning_plan(company, date(2026, 3, 20))
        self.env["crm.dunning.scheme"]._dunning_execute(plan)  # the first worker
        self.env["crm.dunning.scheme"]._dunning_execute(plan)  # the second, with the same plan
        self.assertEqual(len(self.documents("payment_reminder")), 1)
        self.assertEqual(self.documents("payment_reminder").line_ids.move_id, invoice)
        # the next number is still free: nothing was consumed by the refused second document
        self.make_invoice(self.customer_2, due=date(2026, 2, 1))
        self.run_dunning()
        self.assertEqual(self.documents("payment_reminder", self.customer_2).name, "PZ/2026/0002")

    def test_kill_between_batches_then_rerun(self):
        """The scheduled action killed after its second batch (one customer a batch): the rerun
        issues the third customer's reminder only; nobody gets a second document or e-mail."""
        third = self.env["res.partner"].create({"name": "Trzeci sp. z o.o.", "email": "t@trzeci.pl"})
        customers = self.customer | self.customer_2 | third
        for customer in customers:
            self.make_invoice(customer, due=date(2026, 2, 1))
        calls = []

        def progress(cron, **kwargs):
            calls.append(kwargs)
            if len(calls) == 2:
                raise Killed()

        # not assertRaises: it rolls back to a savepoint, and the batches done must stay
        killed = False
        with patch.object(type(self.env["ir.cron"]), "_notify_progress", progress):
            try:
                self.env["crm.dunning.scheme"]._cron_dunning(batch_size=1)
            except Killed:
                killed = True
        self.assertTrue(killed)
        self.assertEqual(len(self.Document.search([("kind", "=", "payment_reminder")])), 2)
        self.env["crm.dunning.scheme"]._cron_dunning(batch_size=1)
        reminders = self.Document.search([("kind", "=", "payment_reminder")])
        self.assertEqual(reminders.partner_id, customers, "one reminder per customer, nothing twice")
        self.assertEqual(sorted(reminders.mapped("name")), ["PZ/2026/0001", "PZ/2026/0002", "PZ/2026/0003"])
        mails = self.env["mail.mail"].search([("model", "=", "crm.dunning.document"), ("res_id", "in", reminders.ids)])
        self.assertEqual(len(mails), 3)

    def test_customer_without_email_gets_the_document_and_a_task(self):
        self.customer.email = False
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        ledger = self.run_dunning().filtered(lambda r: r.kind == "payment_reminder")
        reminder = self.documents("payment_reminder")
        self.assertEqual(reminder.state, "issued", "issued for printing, not sent")
        self.assertEqual(ledger.state, "replaced")
        self.assertIn("no e-mail address", ledger.message)
        self.assertEqual(ledger.task_id.user_id, self.salesperson)

    def test_one_failing_document_is_logged_and_the_others_go_on(self):
        broken = self.env["mail.template"].create(
            {
                "name": "Broken",
                "model_id": self.env.ref("crm_dunning.model_crm_dunning_document").id,
                "dunning_kind": "payment_reminder",
                "subject": "{{ object.partner_id.ref.upper() }}",
                "body_html": "<p>x</p>",
            }
        )
        self.final.action_ids.filtered(lambda a: a.kind == "payment_reminder").document_template_id = broken
        self.customer_2.ref = "N1"  # the template only works for customers with a reference
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        self.make_invoice(self.customer_2, due=date(2026, 2, 1))
        ledger = self.run_dunning().filtered(lambda r: r.kind == "payment_reminder")
        failed = ledger.filtered(lambda r: r.state == "failed")
        self.assertEqual(failed.partner_id, self.customer)
        self.assertFalse(self.documents("payment_reminder"), "the failed document is not kept")
        self.assertEqual(ledger.filtered(lambda r: r.state == "done").partner_id, self.customer_2)
        self.assertEqual(self.documents("payment_reminder", self.customer_2).name, "PZ/2026/0001")
        self.assertEqual(len(self.documents("balance_confirmation")), 1, "the other action of the level ran")


@tagged("post_install", "-at_install")
class TestDocumentNumbering(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["crm.dunning.document"].with_user(cls.billing)

    def make(self, kind, day, partner=None, company=None):
        company = company or self.company
        with freeze_time(day):
            return self.Document.with_company(company)._dunning_create(kind, partner or self.customer, company, day)

    def test_numbered_per_kind_and_year_across_new_year(self):
        self.make_invoice(self.customer, due=date(2026, 11, 1))
        first = self.make("payment_reminder", date(2026, 12, 30))
        second = self.make("payment_reminder", date(2026, 12, 31))
        balance = self.make("balance_confirmation", date(2026, 12, 31))
        note_year = self.make("payment_reminder", date(2027, 1, 1))
        self.assertEqual([first.name, second.name, note_year.name], ["PZ/2026/0001", "PZ/2026/0002", "PZ/2027/0001"])
        self.assertEqual(balance.name, "PS/2026/0001", "each kind has its own numbering")

    def test_numbered_per_company(self):
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        self.make_invoice(self.customer, due=date(2026, 2, 1), company=self.company_2)
        self.billing.company_ids |= self.company_2
        ours = self.make("payment_reminder", date(2026, 3, 1))
        theirs = self.make("payment_reminder", date(2026, 3, 1), company=self.company_2)
        self.assertEqual((ours.name, theirs.name), ("PZ/2026/0001", "PZ/2026/0001"))
        self.assertEqual(theirs.line_ids.move_id.company_id, self.company_2)

    def test_numbers_never_reused(self):
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        first = self.make("payment_reminder", date(2026, 3, 1))
        with self.assertRaisesRegex(UserError, "keeps its number"):
            first.unlink()
        first.action_cancel()
        self.assertEqual(self.make("payment_reminder", date(2026, 3, 2)).name, "PZ/2026/0002")

    def test_nothing_to_list_makes_no_document(self):
        self.make_invoice(self.customer, due=date(2026, 4, 1))  # not due yet
        self.assertFalse(self.make("payment_reminder", date(2026, 3, 1)))
        self.assertFalse(self.Document.search([]))
