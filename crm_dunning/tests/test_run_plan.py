"""Issue 14, runs (findings 2, 4, 6, 11, 13, 14, 15 of the dunning test session): what each
message lists, installments, credits netted against the threshold, the threshold on the overdue
amount only, the block of a skipped level, scheme edits keeping the history, the task's text,
a scheme without levels."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestRunPlan(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.friendly, cls.sms_level, cls.final = cls.scheme.level_ids

    def run_dunning(self, **kwargs):
        """A run as the billing user (what the Run button does)."""
        return self.env["crm.dunning.scheme"].with_user(self.billing)._dunning_run(self.company, **kwargs)

    def mails_to(self, address):
        return self.env["mail.mail"].search([("email_to", "=", address)], order="id")

    def sms_to(self, number):
        return self.env["sms.sms"].search([("number", "=", number)])

    # ------------------------------------------------------------------ 2: what a message lists

    def test_each_message_lists_its_own_invoices(self):
        overdue = self.make_invoice(self.customer, 700, due=date(2026, 3, 5))  # 15 days late: SMS level
        upcoming = self.make_invoice(self.customer, 300, due=date(2026, 3, 24))  # due in 4 days: friendly
        disputed = self.make_invoice(self.customer, 500, due=date(2026, 2, 1))
        disputed.dunning_disputed = True
        self.run_dunning()
        mail = self.mails_to("biuro@kowalski.pl")
        self.assertEqual(len(mail), 1, "the friendly e-mail; the SMS level sends an SMS")
        self.assertIn(upcoming.name, mail.body_html, "the reminder lists the invoice it is about")
        self.assertNotIn(overdue.name, mail.body_html)
        self.assertNotIn(disputed.name, mail.body_html, "a disputed invoice is never demanded")
        self.assertIn("fall due soon", mail.body_html)
        self.assertIn("$\xa0300.00", mail.body_html)
        sms = self.sms_to("+48600100200")
        self.assertEqual(len(sms), 1)
        self.assertIn("invoices to pay 1, amount $\xa0700.00", sms.body, "only the SMS level's invoice")
        # outside a run, the customer's overdue invoices leave the disputed one out
        self.assertEqual(self.customer.dunning_overdue_invoice_ids, overdue)
        self.assertEqual(self.customer.dunning_overdue_amount, 700.0)

    def test_two_levels_the_same_day_send_two_different_mails(self):
        late = self.make_invoice(self.customer, 400, due=date(2026, 2, 1))  # 47 days: final notice
        soon = self.make_invoice(self.customer, 250, due=date(2026, 3, 23))  # friendly
        self.run_dunning()
        friendly_mail, final_mail = self.mails_to("biuro@kowalski.pl")
        self.assertIn(soon.name, friendly_mail.body_html)
        self.assertNotIn(late.name, friendly_mail.body_html)
        self.assertIn(late.name, final_mail.body_html)
        self.assertNotIn(soon.name, final_mail.body_html)
        self.assertIn("are overdue", final_mail.body_html)
        self.assertIn("$\xa0400.00", final_mail.body_html)

    # ------------------------------------------------------------------ 4: installments

    def make_installment_invoice(self):
        """2000 in two installments: 1000 due 20.01.2026 (59 days late), 1000 due 20.04.2026."""
        term = self.make_two_installment_term(0, 90)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 1, 20),  # installments due 20.01 (59 days late) and 20.04
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [Command.create({"name": "Sofa", "price_unit": 2000.0, "tax_ids": []})],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.invoice_date_due, date(2026, 4, 20), "Odoo's due date is the last installment's")
        return invoice

    def test_overdue_installment_is_dunned_with_its_own_amount(self):
        self.make_installment_invoice()
        ledger = self.run_dunning()
        self.assertEqual(ledger.level_id, self.final, "the first installment is 59 days late")
        self.assertEqual(set(ledger.mapped("amount_residual")), {1000.0}, "the overdue installment only")
        self.assertIn("$\xa01,000.00", self.mails_to("biuro@kowalski.pl").body_html)

    def test_each_installment_goes_through_the_levels(self):
        invoice = self.make_installment_invoice()
        first = self.run_dunning()
        self.assertEqual((first.level_id, set(first.mapped("due_date"))), (self.final, {date(2026, 1, 20)}))
        self.assertEqual(invoice.dunning_due_date, date(2026, 1, 20))
        self.env["account.payment.register"].with_user(self.billing).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(2026, 3, 25), "amount": 1000.0})._create_payments()
        installments = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").sorted(
            "date_maturity"
        )
        self.assertEqual(installments.mapped("amount_residual"), [0.0, 1000.0], "the first installment is paid")
        # the second installment (due 20.04) gets the friendly reminder 5 days before, then the SMS
        friendly = self.run_dunning(date=date(2026, 4, 15))
        self.assertEqual(
            [(row.level_id, row.due_date, row.amount_residual) for row in friendly],
            [(self.friendly, date(2026, 4, 20), 1000.0)],
        )
        self.assertFalse(self.run_dunning(date=date(2026, 4, 16)), "once per installment and level")
        sms = self.run_dunning(date=date(2026, 5, 1))
        self.assertEqual([(row.level_id, row.due_date) for row in sms], [(self.sms_level, date(2026, 4, 20))])
        self.assertEqual((invoice.dunning_level_id, invoice.dunning_due_date), (self.sms_level, date(2026, 4, 20)))
        self.assertEqual(len(self.sms_to("+48600100200")), 1)
        ledger = self.env["crm.dunning.ledger"].search([("move_id", "=", invoice.id)])
        self.assertEqual(len(ledger), len(first) + 2, "the first installment's history is kept")

    def test_installment_dates_of_older_rows_on_upgrade(self):
        invoice = self.make_installment_invoice()
        ledger = self.run_dunning()
        self.env.cr.execute("UPDATE crm_dunning_ledger SET due_date = NULL")
        self.env.cr.execute("UPDATE account_move SET dunning_due_date = NULL WHERE id = %s", invoice.ids)
        self.env.invalidate_all()
        self.run_migration("18.0.1.3.0", "18.0.1.2.0")
        self.assertEqual(set(ledger.mapped("due_date")), {date(2026, 1, 20)})
        self.assertEqual(invoice.dunning_due_date, date(2026, 1, 20))
        self.assertFalse(self.run_dunning(), "nothing is dunned twice after the upgrade")

    def test_upgrade_dates_older_rows_with_the_installment_then_open(self):
        """Tester's finding 1: the installment a run before 18.0.1.3.0 dunned was the earliest
        one still open on its day, not a paid one: its levels are not done again."""
        invoice = self.make_installment_invoice()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": date(2026, 3, 15), "amount": 1000.0}
        )._create_payments()
        ledger = self.run_dunning(date=date(2026, 4, 15))  # the friendly reminder of the second one
        self.assertEqual(set(ledger.mapped("due_date")), {date(2026, 4, 20)})
        self.env.cr.execute("UPDATE crm_dunning_ledger SET due_date = NULL")
        self.env.cr.execute("UPDATE account_move SET dunning_due_date = NULL WHERE id = %s", invoice.ids)
        self.env.invalidate_all()
        self.run_migration("18.0.1.3.0", "18.0.1.2.0")
        self.assertEqual(set(ledger.mapped("due_date")), {date(2026, 4, 20)}, "not the paid first installment")
        self.assertEqual(invoice.dunning_due_date, date(2026, 4, 20))
        self.assertFalse(self.run_dunning(date=date(2026, 4, 16)), "the friendly reminder is not sent again")

    def test_documents_of_an_invoice_in_installments(self):
        """Tester's findings 2 and 3: a payment reminder lists an invoice whose first installment
        is overdue (its last is not), with that installment's due date, days and amount."""
        invoice = self.make_installment_invoice()
        Document = self.env["crm.dunning.document"].with_user(self.billing)
        reminder = Document._dunning_create("payment_reminder", self.customer, self.company, date(2026, 3, 20))
        self.assertEqual(reminder.line_ids.move_id, invoice)
        line = reminder.line_ids
        # by hand: 1000 due 20.01.2026 is 59 days late on 20.03; 1000 due 20.04 is not asked
        self.assertEqual(
            (line.date_due, line.days_late, line.amount_residual, line.amount_total),
            (date(2026, 1, 20), 59, 1000.0, 2000.0),
        )
        # serial sending finds it too
        result = Document._dunning_send_serial("payment_reminder", self.customer, date(2026, 3, 20))
        self.assertFalse(result["skipped"])

    def test_no_reminder_once_the_overdue_installment_is_paid(self):
        """Tester's retest R1: the first installment paid, the next not due: nothing to ask."""
        invoice = self.make_installment_invoice()
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"payment_date": date(2026, 3, 15), "amount": 1000.0}
        )._create_payments()
        Document = self.env["crm.dunning.document"].with_user(self.billing)
        self.assertFalse(Document._dunning_create("payment_reminder", self.customer, self.company, date(2026, 3, 20)))
        result = Document._dunning_send_serial("payment_reminder", self.customer, date(2026, 3, 20))
        self.assertEqual(result["skipped"], [self.customer])
        # dated before the payment, the installment was overdue and open
        before = Document._dunning_create("payment_reminder", self.customer, self.company, date(2026, 3, 10))
        self.assertEqual((before.line_ids.move_id, before.line_ids.amount_residual), (invoice, 1000.0))

    def test_aging_report_buckets_each_installment(self):
        self.make_installment_invoice()
        row = (
            self.env["crm.dunning.aging.report"].with_user(self.billing).search([("partner_id", "=", self.customer.id)])
        )
        # by hand on 20.03.2026: 1000 due 20.01 is 59 days late (31-60), 1000 due 20.04 not due
        self.assertEqual(
            [row.amount_not_due, row.amount_31_60, row.amount_overdue, row.amount_residual],
            [1000, 1000, 1000, 2000],
        )
        self.assertEqual((row.invoice_count, row.overdue_count, row.max_days_overdue), (1, 1, 59))

    # ------------------------------------------------------------------ 6 and 15: the threshold

    def test_open_credit_note_is_netted(self):
        self.scheme.threshold = 500
        self.make_invoice(self.customer, 1000, due=date(2026, 3, 5))
        self.make_invoice(self.customer, 600, due=date(2026, 3, 10), move_type="out_refund")
        self.assertFalse(self.run_dunning(), "1000 overdue - 600 credited = 400, not above 500")
        self.make_invoice(self.customer, 150, due=date(2026, 3, 6))
        ledger = self.run_dunning()
        self.assertEqual(ledger.partner_id, self.customer, "1150 - 600 = 550 is above 500")
        self.assertEqual(sum(ledger.mapped("amount_residual")), 1150.0)

    def test_payment_on_account_is_netted_and_nobody_is_blocked(self):
        self.final.action_ids = [Command.create({"kind": "block"})]
        self.make_invoice(self.customer, 1000, due=date(2026, 2, 1))
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 1000.0,
                "date": date(2026, 3, 10),
            }
        )
        payment.action_post()
        self.assertTrue(payment.move_id, "booked on the customer's account, not matched")
        self.assertFalse(self.run_dunning(), "the customer owes nothing net")
        self.assertFalse(self.customer.dunning_blocked)

    def test_threshold_counts_the_overdue_amount_only(self):
        self.scheme.threshold = 100
        overdue = self.make_invoice(self.customer, 50, due=date(2026, 3, 5))  # SMS level, 50 alone
        upcoming = self.make_invoice(self.customer, 60, due=date(2026, 3, 24))  # friendly level
        ledger = self.run_dunning()
        self.assertEqual(ledger.move_id, upcoming, "50 overdue is not above 100: no demand for it")
        self.assertEqual(ledger.level_id, self.friendly, "the reminder: 50 overdue + 60 falling due = 110")
        self.assertFalse(overdue.dunning_level_id)
        self.assertFalse(self.sms_to("+48600100200"))

    # ------------------------------------------------------------------ 13: the block of a skipped level

    def test_block_of_a_skipped_level_applies(self):
        self.sms_level.action_ids = [Command.create({"kind": "block"})]
        self.make_invoice(self.customer, 1000, due=date(2026, 2, 1))  # straight to the final level
        ledger = self.run_dunning()
        self.assertTrue(self.customer.dunning_blocked, "the SMS level's block is a state: it applies")
        self.assertEqual(sorted(ledger.mapped("kind")), ["block", "email", "task"])
        self.assertEqual(ledger.level_id, self.final)
        self.assertFalse(self.sms_to("+48600100200"), "the skipped level's SMS stays skipped")
        self.assertFalse(self.run_dunning())
        # blocked at its own level, unblocked by the manager: the next level does not block again
        self.make_invoice(self.customer_2, 1000, due=date(2026, 3, 5))
        self.assertIn("block", self.run_dunning().mapped("kind"))
        self.customer_2._dunning_unblock("Agreed with the manager.")
        with freeze_time("2026-04-10 10:00:00"):  # 36 days late: the final level
            ledger = self.run_dunning()
        self.assertEqual(ledger.partner_id, self.customer_2)
        self.assertEqual(sorted(ledger.mapped("kind")), ["email", "task"])
        self.assertFalse(self.customer_2.dunning_blocked, "the manager's unblock holds")

    # ------------------------------------------------------------------ 14: scheme edits keep the history

    def test_replacing_an_action_keeps_the_history_and_does_not_repeat(self):
        invoice = self.make_invoice(self.customer, 1000, due=date(2026, 2, 1))
        ledger = self.run_dunning()
        self.assertEqual(len(ledger), 2)
        final = self.final.with_user(self.manager)
        email = final.action_ids.filtered(lambda a: a.kind == "email")
        final.write(
            {
                "action_ids": [
                    Command.delete(email.id),
                    Command.create(
                        {"kind": "email", "mail_template_id": self.mail_template.id, "attach_invoices": True}
                    ),
                ]
            }
        )
        self.assertEqual(len(ledger.exists()), 2, "the history stays")
        self.assertFalse(email.active, "the replaced action is archived")
        self.assertEqual(ledger.filtered(lambda r: r.action_id == email).kind, "email")
        self.assertFalse(self.run_dunning(), "the new e-mail action is not sent again for the invoice")
        self.assertEqual(len(self.mails_to("biuro@kowalski.pl")), 1)
        # a new kind of action on the level is new: it runs
        final.write({"action_ids": [Command.create({"kind": "sms", "sms_template_id": self.sms_template.id})]})
        self.assertEqual(self.run_dunning().mapped("kind"), ["sms"])
        self.assertEqual(invoice.dunning_level_id, self.final)
        # an action that never ran is deleted; a level keeps its last action
        unused = self.sms_level.action_ids
        self.sms_level.with_user(self.manager).write(
            {"action_ids": [Command.create({"kind": "task"}), Command.delete(unused.id)]}
        )
        self.assertFalse(unused.exists())
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.sms_level.with_user(self.manager).write({"action_ids": [Command.delete(self.sms_level.action_ids.id)]})
        self.assertEqual(len(self.sms_level.action_ids), 1, "a level keeps its last action")

    def test_removing_and_readding_a_level_does_not_repeat_it(self):
        self.make_invoice(self.customer, 1000, due=date(2026, 2, 1))
        ledger = self.run_dunning()
        scheme = self.scheme.with_user(self.manager)
        scheme.write({"level_ids": [Command.delete(self.final.id)]})
        self.assertEqual(len(ledger.exists()), 2, "the history stays")
        self.assertFalse(self.final.active)
        self.assertEqual(scheme.level_ids, self.friendly | self.sms_level)
        scheme.write(
            {
                "level_ids": [
                    Command.create(
                        {
                            "name": "Final notice again",
                            "sequence": 3,
                            "day_offset": 30,
                            "action_ids": [
                                Command.create({"kind": "email", "mail_template_id": self.mail_template.id})
                            ],
                        }
                    )
                ]
            }
        )
        self.assertFalse(self.run_dunning(), "the same e-mail on the same day is not sent twice")
        with self.assertRaises(UserError):
            scheme.unlink()
        self.assertTrue(scheme.exists())

    # ------------------------------------------------------------------ 11: task text, empty scheme

    def test_task_text_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.salesperson.lang = "pl_PL"
        self.make_invoice(self.customer, 615, due=date(2026, 2, 1))
        task = self.run_dunning().task_id
        self.assertIn("01.02.2026", task.description)
        self.assertIn("615,00", task.description)
        self.assertNotIn("2026-02-01", task.description)

    def test_task_title_and_reason_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        self.salesperson.lang = "pl_PL"
        self.customer.email = False
        self.make_invoice(self.customer, 615, due=date(2026, 2, 1))
        ledger = self.run_dunning()
        tasks = ledger.task_id
        self.assertTrue(tasks)
        self.assertTrue(all(task.name.startswith("Windykacja: Kowalski") for task in tasks), tasks.mapped("name"))
        replaced = ledger.filtered(lambda row: row.state == "replaced")
        self.assertIn("Kontrahent nie ma adresu e-mail", replaced.task_id.description)
        self.assertIn("The customer has no e-mail address.", replaced.message, "the history in the run's language")

    def test_history_in_the_callers_language_without_a_context_language(self):
        """Tester's finding 7: a run over plain RPC has no language in its context: the history
        is in the calling user's language, the task in its own user's, never mixed."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        self.billing.lang = "pl_PL"
        self.customer.email = False
        self.make_invoice(self.customer, 615, due=date(2026, 2, 1))
        Scheme = self.env["crm.dunning.scheme"].with_user(self.billing).with_context(lang=None)
        replaced = Scheme._dunning_run(self.company).filtered(lambda row: row.state == "replaced")
        self.assertEqual(replaced.message, f"Kontrahent nie ma adresu e-mail. Zadanie dla: {self.salesperson.name}.")
        self.assertIn("The customer has no e-mail address. A task was given instead.", replaced.task_id.description)

    def test_scheme_without_level_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.Scheme.create({"code": "X6", "name": "Empty"})
        self.assertFalse(self.env["crm.dunning.scheme"].search([("code", "=", "X6")]))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.scheme.with_user(self.manager).write({"level_ids": [Command.clear()]})
        self.assertEqual(len(self.scheme.level_ids), 3, "nothing half-written")
        # the form: the levels are added in the same save as the scheme
        form = Form(self.Scheme)
        form.code = "F"
        form.name = "From the form"
        with form.level_ids.new() as level:
            level.name = "Call"
            level.day_offset = 14
            with level.action_ids.new() as action:
                action.kind = "task"
        scheme = form.save()
        self.assertEqual(scheme.level_ids.action_ids.kind, "task")
