"""Issue 14, runs: a failed action sent nothing, so it is tried again: by the next runs while
its level is the one due (up to ``crm_dunning.retry_attempts``), and at once by "Retry" in
Dunning History after the cause is fixed; never twice once done, and only by billing users."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw

from .common import DunningCommon


class RetryCommon(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.final = cls.scheme.level_ids[-1]
        cls.email_action = cls.final.action_ids.filtered(lambda a: a.kind == "email")
        cls.broken = cls.mail_template.copy({"subject": "{{ 1/0 }}"})

    def run_dunning(self, day=date(2026, 3, 20)):
        return self.env["crm.dunning.scheme"].with_user(self.billing)._dunning_run(self.company, date=day)

    def mails_to(self, address):
        return self.env["mail.mail"].search([("email_to", "=", address)])

    def fail_once(self):
        """An invoice at the final level whose e-mail fails on a broken template."""
        self.email_action.mail_template_id = self.broken
        invoice = self.make_invoice(self.customer, due=date(2026, 2, 1))
        with mute_logger("odoo.addons.crm_dunning.models.crm_dunning_run"):
            failed = self.run_dunning().filtered(lambda row: row.state == "failed")
        self.assertEqual((failed.move_id, failed.action_id, failed.attempts), (invoice, self.email_action, 1))
        self.assertFalse(self.mails_to("biuro@kowalski.pl"), "a failed e-mail sends nothing")
        return invoice, failed


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestRetry(RetryCommon):
    def test_fixed_template_retried_by_the_next_run(self):
        __, failed = self.fail_once()
        self.email_action.mail_template_id = self.mail_template  # the manager fixes the action
        ledger = self.run_dunning(date(2026, 3, 21))
        self.assertEqual(ledger, failed, "only the failed action runs again, on the same ledger row")
        self.assertEqual((failed.state, failed.attempts, failed.date.date()), ("done", 2, date(2026, 3, 20)))
        self.assertEqual(len(self.mails_to("biuro@kowalski.pl")), 1)
        self.assertFalse(self.run_dunning(date(2026, 3, 22)), "done once: never again")
        self.assertEqual(len(self.mails_to("biuro@kowalski.pl")), 1)
        self.assertEqual(self.env["crm.dunning.ledger"].search_count([("action_id", "=", self.email_action.id)]), 1)

    @mute_logger("odoo.addons.crm_dunning.models.crm_dunning_run")
    def test_retried_up_to_the_attempts_then_left(self):
        __, failed = self.fail_once()
        self.assertEqual(self.run_dunning(), failed)
        self.assertEqual(self.run_dunning(), failed)
        self.assertEqual((failed.state, failed.attempts), ("failed", 3))
        self.assertFalse(self.run_dunning(), "three attempts in all by default: then it waits for a user")
        self.env["ir.config_parameter"].set_param("crm_dunning.retry_attempts", "5")
        self.assertEqual(self.run_dunning().attempts, 4)

    def test_retry_after_the_fix_sends_once(self):
        __, failed = self.fail_once()
        with mute_logger("odoo.addons.crm_dunning.models.crm_dunning_run"):
            self.run_dunning()
            self.run_dunning()  # three attempts: the runs leave it
        self.email_action.mail_template_id = self.mail_template
        answer = failed.with_user(self.billing).action_retry()
        self.assertEqual(answer["params"]["type"], "success")
        self.assertIn("1 of 1 failed action(s) tried again: 1 done, 0 failed again", answer["params"]["message"])
        self.assertEqual((failed.state, failed.attempts, failed.retry), ("done", 4, False))
        self.assertEqual(len(self.mails_to("biuro@kowalski.pl")), 1)
        with self.assertRaisesRegex(UserError, "Only failed dunning actions can be retried"):
            failed.with_user(self.billing).action_retry()
        self.assertEqual(len(self.mails_to("biuro@kowalski.pl")), 1)

    def test_retry_of_a_paid_invoice_does_nothing(self):
        invoice, failed = self.fail_once()
        self.email_action.mail_template_id = self.mail_template
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": date(2026, 3, 20)}
        )._create_payments()
        answer = failed.with_user(self.billing).action_retry()
        self.assertEqual(answer["params"]["type"], "warning")
        self.assertIn("0 of 1", answer["params"]["message"])
        self.assertIn("their invoice is paid", answer["params"]["message"])
        self.assertEqual((failed.state, failed.retry), ("failed", False), "the request ends: no retry later")
        self.assertFalse(self.mails_to("biuro@kowalski.pl"))

    def test_retry_failing_again_keeps_the_new_reason(self):
        __, failed = self.fail_once()
        self.broken.subject = "{{ object.no_such_field }}"
        with mute_logger("odoo.addons.crm_dunning.models.crm_dunning_run"):
            answer = failed.with_user(self.billing).action_retry()
        self.assertIn("0 done, 1 failed again", answer["params"]["message"])
        self.assertEqual((failed.state, failed.attempts), ("failed", 2))
        self.assertIn("no_such_field", failed.message)

    def test_nothing_to_list_is_not_a_failure(self):
        """Tester's finding 12: an interest note with nothing left to charge (a note made by
        hand charged every day already) is done, not failed, so no retry issues a note later."""
        table = (
            self.env["crm.dunning.interest.table"]
            .sudo()
            .create(
                {"name": "T", "code": "T1", "rate_ids": [Command.create({"date_from": date(2025, 1, 1), "rate": 10.0})]}
            )
        )
        self.scheme.interest_table_id = table
        self.final.action_ids = [Command.create({"kind": "interest_note", "document_send": False})]
        invoice = self.make_invoice(self.customer, due=date(2026, 2, 1))
        Document = self.env["crm.dunning.document"].with_user(self.billing)
        self.assertTrue(Document._dunning_create("interest_note", self.customer, self.company, date(2026, 3, 20)))
        ledger = self.run_dunning()
        row = ledger.filtered(lambda r: r.kind == "interest_note")
        self.assertEqual((row.move_id, row.state), (invoice, "done"))
        self.assertIn("Nothing to list", row.message)
        self.assertFalse(self.run_dunning(date(2026, 3, 21)), "nothing is tried again the next day")

    def test_salesperson_cannot_retry(self):
        __, failed = self.fail_once()
        with self.assertRaises(AccessError):
            failed.with_user(self.salesperson).action_retry()
        self.assertEqual(failed.attempts, 1)


@tagged("post_install", "-at_install")
class TestRetryRpc(RetryCommon, HttpCase):
    @mute_logger("odoo.http")
    def test_retry_over_rpc_as_salesperson_refused(self):
        __, failed = self.fail_once()
        self.email_action.mail_template_id = self.mail_template
        answer = execute_kw(
            self, self.salesperson, self.salesperson.login, "crm.dunning.ledger", "action_retry", [failed.ids]
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        failed.invalidate_recordset()
        self.assertEqual((failed.state, failed.attempts, failed.retry), ("failed", 1, False))
        self.assertFalse(self.mails_to("biuro@kowalski.pl"))
