"""Issue 14, runs: the highest level due, grouping per customer and level, threshold and
exclusions, every action (e-mail with PDFs, SMS, task, block), failures isolated and logged,
the fallback task, preview and dunning on demand, the ledger (run twice, kill and rerun)."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import DunningCommon


class Killed(Exception):
    """Stands for the process being killed at a commit point."""


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestRun(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.friendly, cls.sms_level, cls.final = cls.scheme.level_ids

    def run_dunning(self, **kwargs):
        """A run as the billing user, through the wizard's method (what the button does)."""
        Scheme = self.env["crm.dunning.scheme"].with_user(self.billing)
        return Scheme._dunning_run(self.company, **kwargs)

    def mails_to(self, address):
        return self.env["mail.mail"].search([("email_to", "=", address)])

    def test_highest_level_only_and_grouped_per_customer(self):
        # due 2026-03-05: 15 days late, the friendly (-5) and SMS (+10) levels are both due
        first = self.make_invoice(self.customer, 700, due=date(2026, 3, 5))
        second = self.make_invoice(self.customer, 300, due=date(2026, 3, 8))
        ledger = self.run_dunning()
        self.assertEqual(ledger.level_id, self.sms_level, "only the highest level due runs")
        self.assertEqual(ledger.move_id, first | second)
        sms = self.env["sms.sms"].search([("number", "=", "+48600100200")])
        self.assertEqual(len(sms), 1, "one SMS per customer and level")
        self.assertEqual(sms.number, "+48600100200")
        self.assertIn("1,000.00", sms.body)
        self.assertEqual((first | second).mapped("dunning_level_id"), self.sms_level)
        self.assertEqual(first.dunning_last_action_id.kind, "sms")
        self.assertFalse(self.mails_to("biuro@kowalski.pl"), "the skipped friendly e-mail is not sent")

    def test_run_twice_does_nothing_twice(self):
        self.make_invoice(self.customer, due=date(2026, 3, 5))
        self.assertTrue(self.run_dunning())
        self.assertFalse(self.run_dunning(), "the rerun finds everything in the ledger")
        self.assertEqual(self.env["sms.sms"].search_count([("number", "=", "+48600100200")]), 1)

    def test_next_level_later_email_task_and_pdfs(self):
        self.final.action_ids.filtered(lambda a: a.kind == "email").attach_invoices = True
        invoice = self.make_invoice(self.customer, due=date(2026, 2, 1))  # 47 days late
        ledger = self.run_dunning()
        self.assertEqual(ledger.level_id, self.final)
        self.assertEqual(sorted(ledger.mapped("kind")), ["email", "task"])
        mail = self.mails_to("biuro@kowalski.pl")
        self.assertEqual(len(mail), 1)
        self.assertIn(invoice.name, mail.body_html)
        self.assertEqual(len(mail.attachment_ids), 1, "the invoice's print is attached")
        task = ledger.filtered(lambda r: r.kind == "task").task_id
        self.assertEqual(task.user_id, self.salesperson)
        self.assertEqual(task.partner_id, self.customer)
        self.assertEqual(task.deadline.date(), date(2026, 3, 22))
        self.assertIn(invoice.name, task.description)

    def test_friendly_reminder_before_due_date(self):
        invoice = self.make_invoice(self.customer, due=date(2026, 3, 24))  # due in 4 days
        ledger = self.run_dunning()
        self.assertEqual(ledger.level_id, self.friendly)
        self.assertEqual(invoice.dunning_level_id, self.friendly)

    def test_threshold_on_customer_amount(self):
        self.scheme.threshold = 500
        self.make_invoice(self.customer, 400, due=date(2026, 3, 5))
        self.make_invoice(self.customer_2, 400, due=date(2026, 3, 5))
        self.make_invoice(self.customer_2, 200, due=date(2026, 3, 6))
        ledger = self.run_dunning()
        self.assertEqual(ledger.partner_id, self.customer_2, "400 is not above 500; 600 is")

    def test_exclusions_disputes_and_promises(self):
        excluded = self.make_invoice(self.customer, due=date(2026, 3, 5))
        excluded.dunning_excluded = True
        disputed = self.make_invoice(self.customer, due=date(2026, 3, 5))
        disputed.dunning_disputed = True
        self.customer_2.dunning_promise_date = date(2026, 3, 25)
        self.make_invoice(self.customer_2, due=date(2026, 3, 5))
        third = self.env["res.partner"].create({"name": "Excluded", "dunning_excluded": True, "email": "x@x.pl"})
        self.make_invoice(third, due=date(2026, 3, 5))
        paid = self.make_invoice(self.customer, due=date(2026, 3, 5))
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=paid.ids).create(
            {"payment_date": date(2026, 3, 10)}
        )._create_payments()
        self.assertFalse(self.run_dunning())
        self.customer_2.dunning_promise_date = date(2026, 3, 19)  # the promise has expired
        self.assertEqual(self.run_dunning().partner_id, self.customer_2)

    def test_no_email_gives_a_task_with_the_reason(self):
        self.customer.email = False
        self.make_invoice(self.customer, due=date(2026, 3, 17))  # the friendly level is done, +3 days
        self.make_invoice(self.customer, due=date(2026, 3, 22))
        ledger = self.run_dunning()
        self.assertEqual(set(ledger.mapped("state")), {"replaced"})
        self.assertIn("no e-mail address", ledger[0].message)
        task = ledger.task_id
        self.assertEqual(len(task), 1, "one task for the customer's two invoices")
        self.assertEqual(task.user_id, self.salesperson)
        self.assertIn("no e-mail address", task.description)

    def test_dunning_contact_details_used(self):
        self.customer.write({"dunning_email": "windykacja@kowalski.pl", "dunning_mobile": "+48 500 000 111"})
        self.make_invoice(self.customer, due=date(2026, 3, 22))
        self.run_dunning()
        self.assertTrue(self.mails_to("windykacja@kowalski.pl"))
        self.assertFalse(self.mails_to("biuro@kowalski.pl"))

    def test_one_failure_does_not_stop_the_others(self):
        broken = self.mail_template.copy({"body_html": "<p>{{ object.no_such_field }}</p>", "subject": "{{ 1/0 }}"})
        self.final.action_ids.filtered(lambda a: a.kind == "email").mail_template_id = broken
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        self.make_invoice(self.customer_2, due=date(2026, 3, 5))
        ledger = self.run_dunning()
        failed = ledger.filtered(lambda r: r.state == "failed")
        self.assertEqual(failed.kind, "email")
        self.assertTrue(failed.message)
        self.assertTrue(ledger.filtered(lambda r: r.kind == "task" and r.state == "done"), "the task still runs")
        self.assertTrue(ledger.filtered(lambda r: r.partner_id == self.customer_2 and r.state == "done"))
        again = self.run_dunning()
        self.assertEqual(again, failed, "only the failed action is tried again, on its own row")
        self.assertEqual((again.state, again.attempts), ("failed", 2))

    def test_block_action(self):
        self.final.action_ids = [Command.create({"kind": "block"})]
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        self.run_dunning()
        self.assertTrue(self.customer.dunning_blocked)
        self.assertEqual(self.customer.dunning_block_scheme_id, self.scheme)

    def test_preview_is_the_run_and_writes_nothing(self):
        self.make_invoice(self.customer, due=date(2026, 3, 5))
        self.make_invoice(self.customer_2, due=date(2026, 2, 1))
        wizard = self.env["crm.dunning.run.wizard"].with_user(self.billing).create({})
        wizard.action_preview()
        self.assertFalse(self.env["crm.dunning.ledger"].search([]))
        preview = {(line.partner_id, line.level_id, line.amount) for line in wizard.line_ids}
        self.assertEqual(preview, {(self.customer, self.sms_level, 1000.0), (self.customer_2, self.final, 1000.0)})
        wizard.action_run()
        ledger = self.env["crm.dunning.ledger"].search([])
        self.assertEqual({(r.partner_id, r.level_id) for r in ledger}, {(p, lv) for p, lv, __ in preview})
        self.assertIn("2 customer(s)", wizard.result)

    def test_on_demand_ignores_days(self):
        invoice = self.make_invoice(self.customer, due=date(2026, 4, 30))  # not due for any level
        other = self.make_invoice(self.customer_2, due=date(2026, 4, 30))
        self.assertFalse(self.run_dunning())
        wizard = (
            self.env["crm.dunning.run.wizard"]
            .with_user(self.billing)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        self.assertTrue(wizard.on_demand)
        wizard.action_run()
        self.assertEqual(invoice.dunning_level_id, self.friendly)
        self.assertFalse(other.dunning_level_id, "only the chosen invoice")
        wizard.action_run()
        self.assertEqual(invoice.dunning_level_id, self.sms_level, "on demand again: the next level")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestCron(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.env.user.company_ids |= cls.company_2
        cls.scheme_2 = cls.Scheme.sudo().create(cls.scheme_values(code="B", company=cls.company_2, is_default=True))
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com", "mobile": f"+48 600 000 00{i}"} for i in range(5)]
        )
        for customer in cls.customers:
            cls.make_invoice(customer, due=date(2026, 3, 5))
        cls.other = cls.make_invoice(cls.customers[0], due=date(2026, 3, 5), company=cls.company_2)

    def cron(self):
        return self.env["crm.dunning.scheme"]._cron_dunning(batch_size=2)

    def sms_count(self):
        return self.env["sms.sms"].search_count([("number", "like", "+4860000000")])

    def test_every_company_in_batches(self):
        progress = []
        ir_cron = type(self.env["ir.cron"])
        original = ir_cron._notify_progress

        def record(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))
            return original(cron, done=done, remaining=remaining, deactivate=deactivate)

        with patch.object(ir_cron, "_notify_progress", record):
            self.assertEqual(self.cron(), 6)
        self.assertEqual(progress, [(2, 3), (4, 1), (5, 0), (1, 0)])
        self.assertEqual(self.sms_count(), 6)
        self.assertEqual(self.other.dunning_level_id, self.scheme_2.level_ids[1])
        self.assertEqual(self.env.ref("crm_dunning.ir_cron_dunning").code, "model._cron_dunning()")

    def test_history_in_the_companys_language(self):
        """Tester's finding 16: the scheduled action writes the history in the language of each
        company (its partner's), not in its own user's English."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        self.company.partner_id.lang = "pl_PL"
        self.cron()
        ledger = self.env["crm.dunning.ledger"].search([])
        polish = ledger.filtered(lambda row: row.company_id == self.company)
        self.assertTrue(polish)
        self.assertTrue(all(row.message.startswith("SMS do +48") for row in polish), polish.mapped("message"))
        english = ledger.filtered(lambda row: row.company_id == self.company_2)
        self.assertTrue(english.message.startswith("SMS queued to"), "the other company's language")

    def test_kill_between_batches_then_rerun(self):
        """Batches done before the kill stay, the rerun finishes the rest: nothing twice, nothing lost."""
        ir_cron = type(self.env["ir.cron"])
        calls = []

        def progress(cron, **kwargs):
            calls.append(kwargs)
            if len(calls) == 2:
                raise Killed()

        # not assertRaises: it rolls back to a savepoint, and the first batch must stay
        killed = False
        with patch.object(ir_cron, "_notify_progress", progress):
            try:
                self.cron()
            except Killed:
                killed = True
        self.assertTrue(killed)
        self.assertEqual(self.sms_count(), 4, "two batches of two customers done before the kill")
        self.cron()
        self.assertEqual(self.sms_count(), 6, "the rerun did the rest")
        ledger = self.env["crm.dunning.ledger"].search([])
        self.assertEqual(len(ledger), 6)
        self.assertEqual(len(ledger.move_id), 6, "one row per invoice: nothing twice")

    def test_kill_inside_a_batch_then_rerun(self):
        ir_cron = type(self.env["ir.cron"])

        def progress(cron, **kwargs):
            raise Killed()

        with self.assertRaises(Killed), patch.object(ir_cron, "_notify_progress", progress):
            self.cron()
        self.assertFalse(self.env["crm.dunning.ledger"].search([]), "the killed batch left nothing")
        self.assertEqual(self.sms_count(), 0)
        self.cron()
        self.assertEqual(self.sms_count(), 6)
        self.assertEqual(len(self.env["crm.dunning.ledger"].search([])), 6)
