"""Issue 14, interest notes: interest per invoice (open, and paid late up to the payment day)
from the scheme's rate table, the recovery-cost compensation once per invoice, each invoice on
one note only, and the note booked as a customer invoice of the interest product; the payment
reminder's interest to date. Amounts checked against values worked out by hand."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DunningCommon

TODAY = date(2026, 4, 15)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-15 10:00:00")
class TestDocumentInterest(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_polish_company("documents_billing_pl")
        # the last working day of February 2026 (the month before the due month): 1 EUR = 4.25 PLN
        cls.env["res.currency.rate"].create(
            {"name": date(2026, 2, 27), "currency_id": cls.eur.id, "company_id": cls.company_pl.id, "rate": 1 / 4.25}
        )
        cls.table = (
            cls.env["crm.dunning.interest.table"]
            .sudo()
            .create(
                {
                    "name": "Test 10%",
                    "code": "T10",
                    "country_id": cls.env.ref("base.pl").id,
                    "compensation_currency_id": cls.pln.id,
                    "compensation_limit_low": 5000.0,
                    "compensation_limit_high": 50000.0,
                    "compensation_eur_low": 40,
                    "compensation_eur_mid": 70,
                    "compensation_eur_high": 100,
                    "rate_ids": [Command.create({"date_from": date(2025, 1, 1), "rate": 10.0})],
                }
            )
        )
        # the booked notes get a journal of their own and a financial income account
        cls.interest_journal = cls.env["account.journal"].create(
            {"name": "Noty odsetkowe", "code": "NOD", "type": "sale", "company_id": cls.company_pl.id}
        )
        cls.interest_account = cls.env["account.account"].create(
            {
                "name": "Przychody finansowe z tytułu odsetek",
                "code": "751000",
                "account_type": "income_other",
                "company_ids": [Command.set(cls.company_pl.ids)],
            }
        )
        values = cls.scheme_values(
            code="PL",
            company=cls.company_pl,
            is_default=True,
            interest_table_id=cls.table.id,
            interest_claim_compensation=True,
            interest_note_book=True,
            interest_journal_id=cls.interest_journal.id,
            interest_account_id=cls.interest_account.id,
        )
        cls.scheme = cls.env["crm.dunning.scheme"].sudo().create(values)
        cls.final = cls.scheme.level_ids[2]
        due = date(2026, 3, 10)  # a Tuesday
        cls.open_invoice = cls.invoice(1000.0, due)
        cls.paid_late = cls.invoice(2000.0, due)
        cls.pay(cls.paid_late, 2000.0, date(2026, 3, 31))
        cls.paid_in_time = cls.invoice(300.0, due)
        cls.pay(cls.paid_in_time, 300.0, date(2026, 3, 9))
        cls.not_due = cls.invoice(500.0, date(2026, 4, 20))
        cls.Document = cls.env["crm.dunning.document"].with_user(cls.billing_pl).with_company(cls.company_pl)
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        cls.customer.lang = "pl_PL"

    @classmethod
    def invoice(cls, amount, due):
        return cls.make_invoice(cls.customer, amount, due=due, company=cls.company_pl)

    @classmethod
    def pay(cls, move, amount, day):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"amount": amount, "payment_date": day})
        )
        wizard._create_payments()

    def note(self):
        return self.Document._dunning_create("interest_note", self.customer, self.company_pl, date(2026, 4, 15))

    def test_reminder_dated_in_the_past_lists_what_was_open_then(self):
        self.pay(self.open_invoice, 400.0, date(2026, 4, 5))  # after the reminder's date
        reminder = self.Document._dunning_create("payment_reminder", self.customer, self.company_pl, date(2026, 3, 20))
        lines = {line.move_id: line for line in reminder.line_ids}
        self.assertEqual(set(lines), {self.open_invoice, self.paid_late}, "paid on 31.03 and 05.04: open on 20.03")
        # by hand: open on 20.03 in full; 11-20 March, 10 days at 10%:
        # 1000 * 10% * 10 / 365 = 2.740 -> 2.74; 2000 * 10% * 10 / 365 = 5.479 -> 5.48
        self.assertEqual(
            [
                (line.amount_residual, line.amount_residual_currency, line.interest_amount_currency, line.days_late)
                for line in (lines[self.open_invoice], lines[self.paid_late])
            ],
            [(1000.0, 1000.0, 2.74, 10), (2000.0, 2000.0, 5.48, 10)],
        )
        self.assertEqual(reminder.amount_total, 3008.22)  # 3000 + 2.74 + 5.48
        # on 1 April the late payment of 31 March counts, the one of 5 April does not
        april = self.Document._dunning_create("payment_reminder", self.customer, self.company_pl, date(2026, 4, 1))
        self.assertEqual(april.line_ids.move_id, self.open_invoice)
        self.assertEqual(april.line_ids.amount_residual, 1000.0)
        # today: what is open today
        today = self.Document._dunning_create("payment_reminder", self.customer, self.company_pl, date(2026, 4, 15))
        self.assertEqual(today.line_ids.filtered(lambda line: line.move_id == self.open_invoice).amount_residual, 600.0)

    def test_past_reminder_ignores_later_notes_and_lists_later_reversals(self):
        """Tester's findings 14 and 18: a reminder dated in the past asks the interest no note
        of that date had charged, and lists an invoice a credit note cancelled after it."""
        self.note()  # dated 15.04: charges 11.03 - 15.04
        reversed_invoice = self.invoice(500.0, date(2026, 3, 10))
        reversed_invoice._reverse_moves([{"date": date(2026, 4, 1), "invoice_date": date(2026, 4, 1)}], cancel=True)
        self.assertEqual(reversed_invoice.payment_state, "reversed")
        reminder = self.Document._dunning_create("payment_reminder", self.customer, self.company_pl, date(2026, 3, 20))
        lines = {line.move_id: line for line in reminder.line_ids}
        self.assertEqual(set(lines), {self.open_invoice, self.paid_late, reversed_invoice})
        # 11-20 March: 1000 * 10% * 10 / 365 = 2.74, though the note of 15.04 charged those days
        self.assertEqual(lines[self.open_invoice].interest_amount_currency, 2.74)
        self.assertEqual(lines[reversed_invoice].amount_residual, 500.0)

    def test_compensation_of_an_invoice_in_installments(self):
        """Tester's retest R2: the compensation of an invoice in installments is converted at the
        rate of the month before its first installment fell due, not its last (still to come)."""
        term = self.make_two_installment_term(0, 90)
        invoice = self.make_invoice(
            self.customer,
            2000.0,
            due=date(2026, 3, 10),
            company=self.company_pl,
            invoice_payment_term_id=term.id,
            invoice_date_due=False,
        )
        self.assertEqual(invoice.invoice_date_due, date(2026, 6, 8), "the last installment, no EUR rate for May")
        note = self.Document._dunning_create("interest_note", self.customer, self.company_pl, TODAY, moves=invoice)
        # 1000 due 10.03 (a Tuesday), 11.03-15.04: 36 days at 10%: 1000 * 10% * 36 / 365 = 9.86;
        # 2000 PLN <= 5000: 40 EUR at 4.25 (27.02.2026, the month before March) = 170.00 PLN
        self.assertEqual(
            (
                note.line_ids.date_due,
                note.line_ids.interest_amount_currency,
                note.line_ids.compensation_amount_currency,
            ),
            (date(2026, 3, 10), 9.86, 170.0),
        )

    def test_prescribed_compensation_is_not_claimed(self):
        """Tester's finding 13: the recovery-cost compensation is due from the first day of
        delay and prescribes as a business claim (civil code art. 118): not on a note of 2026
        for an invoice due in 2021; interest only from 1 January 2023."""
        self.table.write(
            {
                "prescription_years": 3,
                "prescription_year_end": True,
                "rate_ids": [
                    Command.create({"date_from": date(2020, 1, 1), "date_to": date(2024, 12, 31), "rate": 10.0})
                ],
            }
        )
        old = self.invoice(1000.0, date(2021, 5, 31))
        note = self.Document._dunning_create("interest_note", self.customer, self.company_pl, TODAY, moves=old)
        # 1 January 2023 - 15 April 2026: 365 + 366 + 365 + 105 = 1,201 days at 10%:
        # 1000 * 10% * 1201 / 365 = 329.041 -> 329.04; no EUR rate of April 2021 is needed
        self.assertEqual(
            (note.line_ids.interest_date_from, note.line_ids.interest_amount_currency), (date(2023, 1, 1), 329.04)
        )
        self.assertFalse(note.line_ids.compensation_amount_currency)
        self.assertFalse(old.dunning_compensation_date)

    def test_interest_note_per_invoice_with_compensation_booked(self):
        note = self.note()
        lines = {line.move_id: line for line in note.line_ids}
        self.assertEqual(set(lines), {self.open_invoice, self.paid_late}, "paid in time and not due: no interest")
        # open: 11 March to 15 April = 36 days; 1000 * 10% * 36 / 365 = 9.863 -> 9.86
        self.assertAlmostEqual(lines[self.open_invoice].interest_amount, 9.86)
        self.assertEqual(lines[self.open_invoice].days_late, 36)
        # paid on 31 March: 11 to 31 March = 21 days; 2000 * 10% * 21 / 365 = 11.507 -> 11.51
        self.assertAlmostEqual(lines[self.paid_late].interest_amount, 11.51)
        self.assertEqual(lines[self.paid_late].days_late, 21, "late up to its payment, not up to the note")
        # up to 5,000 PLN: 40 EUR at 4.25 = 170.00 PLN per invoice
        self.assertEqual(note.line_ids.mapped("compensation_amount"), [170.0, 170.0])
        self.assertAlmostEqual(note.amount_interest, 21.37)
        self.assertAlmostEqual(note.amount_total, 361.37)
        self.assertEqual(note.name, "NO/2026/0001")
        # booked as a posted customer invoice of the interest product: it enters the receivables
        booked = note.interest_move_id
        self.assertEqual(booked.state, "posted")
        self.assertEqual(booked.move_type, "out_invoice")
        self.assertEqual(booked.partner_id, self.customer)
        self.assertEqual(booked.invoice_line_ids.product_id, self.env.ref("crm_dunning.product_interest"))
        self.assertEqual(booked.invoice_line_ids.mapped("price_subtotal"), [21.37, 340.0])
        self.assertEqual(
            booked.invoice_line_ids.mapped("name"),
            [
                "Odsetki za opóźnienie, nota NO/2026/0001",
                "Rekompensata za koszty odzyskiwania należności, nota NO/2026/0001",
            ],
            "in the customer's language",
        )
        self.assertFalse(booked.invoice_line_ids.tax_ids, "statutory interest is outside VAT")
        # in its own journal and numbering, on the financial income account: the VAT invoices'
        # numbering and the sales account are untouched
        self.assertEqual(booked.journal_id, self.interest_journal)
        self.assertTrue(booked.name.startswith("NOD/2026/"), booked.name)
        self.assertEqual(booked.invoice_line_ids.account_id, self.interest_account)
        self.assertAlmostEqual(booked.amount_total, 361.37)
        self.assertAlmostEqual(booked.amount_residual, 361.37)
        receivable = booked.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertAlmostEqual(receivable.balance, 361.37)
        self.assertTrue(booked.dunning_excluded, "the note itself is not dunned again")

    def test_each_invoice_charged_once(self):
        first = self.note()
        self.assertTrue(first)
        self.assertFalse(self.note(), "the same invoices are not charged twice")
        first.interest_move_id.button_draft()
        first.interest_move_id.button_cancel()
        first.action_cancel()
        # the cancelled note gave its claims back: the new note claims the compensation again
        self.assertFalse(self.open_invoice.dunning_compensation_date)
        second = self.note()
        self.assertEqual(second.line_ids.move_id, self.open_invoice | self.paid_late)
        self.assertEqual(second.line_ids.mapped("compensation_amount"), [170.0, 170.0])
        self.assertEqual(second.name, "NO/2026/0002")
        self.assertFalse(self.note(), "and once only")

    def test_payment_reminder_shows_interest_to_date(self):
        reminder = self.Document._dunning_create("payment_reminder", self.customer, self.company_pl, date(2026, 4, 15))
        self.assertEqual(reminder.line_ids.move_id, self.open_invoice)
        self.assertAlmostEqual(reminder.line_ids.interest_amount, 9.86)
        self.assertAlmostEqual(reminder.amount_total, 1009.86)
        self.assertFalse(reminder.line_ids.compensation_amount)

    def test_run_issues_one_interest_note_per_customer_and_level(self):
        self.final.action_ids = [Command.create({"kind": "interest_note"})]
        self.final.action_ids.filtered(lambda a: a.kind != "interest_note").unlink()
        late = self.invoice(400.0, date(2026, 3, 13))  # a Friday; 33 days to 15 April
        Scheme = self.env["crm.dunning.scheme"].with_user(self.billing_pl)
        Scheme._dunning_run(self.company_pl)
        Scheme._dunning_run(self.company_pl)
        notes = self.Document.search([("kind", "=", "interest_note")])
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.line_ids.move_id, self.open_invoice | late)
        # 400 * 10% * 33 / 365 = 3.616 -> 3.62
        self.assertAlmostEqual(notes.line_ids.filtered(lambda line: line.move_id == late).interest_amount, 3.62)

    def test_later_note_charges_only_the_days_after_the_earlier_one(self):
        """10,000.00 PLN due on Tuesday 10 March; a note on day 30 after the due date, the payment
        on day 50, a second note: 20 days only; a third note: nothing left to charge."""
        customer = self.env["res.partner"].create({"name": "Zieliński sp. j.", "email": "z@zielinski.pl"})
        invoice = self.make_invoice(customer, 10000.0, due=date(2026, 3, 10), company=self.company_pl)

        def note(day):
            with freeze_time(day):
                return self.Document._dunning_create("interest_note", customer, self.company_pl, day)

        first = note(date(2026, 4, 9))
        # 11 March to 9 April = 30 days; 10,000 * 10% * 30 / 365 = 82.19
        self.assertAlmostEqual(first.line_ids.interest_amount, 82.19)
        self.assertEqual(
            (first.line_ids.interest_date_from, first.line_ids.interest_date_to), (date(2026, 3, 11), date(2026, 4, 9))
        )
        # above 5,000 PLN: 70 EUR at 4.25 = 297.50 PLN, once
        self.assertAlmostEqual(first.line_ids.compensation_amount, 297.5)
        # a payment reminder does not ask again what the note charged: 10 to 20 April = 11 days,
        # 10,000 * 10% * 11 / 365 = 30.14
        with freeze_time(date(2026, 4, 20)):
            reminder = self.Document._dunning_create("payment_reminder", customer, self.company_pl, date(2026, 4, 20))
        self.assertAlmostEqual(reminder.line_ids.interest_amount, 30.14)
        self.assertAlmostEqual(reminder.amount_total, 10030.14)
        self.pay(invoice, 10000.0, date(2026, 4, 29))
        second = note(date(2026, 5, 15))
        # 10 to 29 April = 20 days; 10,000 * 10% * 20 / 365 = 54.79
        self.assertEqual(second.line_ids.move_id, invoice)
        self.assertAlmostEqual(second.line_ids.interest_amount, 54.79)
        self.assertEqual(
            (second.line_ids.interest_date_from, second.line_ids.interest_date_to),
            (date(2026, 4, 10), date(2026, 4, 29)),
        )
        self.assertFalse(second.line_ids.compensation_amount, "the compensation is claimed once per invoice")
        self.assertAlmostEqual(second.amount_total, 54.79)
        self.assertFalse(note(date(2026, 6, 1)), "charged up to its payment: nothing left")
        # a cancelled note does not count: its 20 days are charged again
        second.interest_move_id.button_draft()
        second.interest_move_id.button_cancel()
        second.action_cancel()
        again = note(date(2026, 6, 1))
        self.assertAlmostEqual(again.line_ids.interest_amount, 54.79)
        self.assertEqual(again.line_ids.interest_date_from, date(2026, 4, 10))

    def test_booking_needs_a_journal_of_its_own(self):
        """A scheme that books its notes without a journal is refused on save and keeps its
        journal."""
        with self.assertRaises(ValidationError) as caught:
            self.scheme.write({"interest_journal_id": False})
        self.assertIn("choose their sales journal", str(caught.exception))
        self.scheme.invalidate_recordset()
        self.assertEqual(self.scheme.interest_journal_id, self.interest_journal)

    def test_upgrade_keeps_older_notes_charged(self):
        """A note made before 18.0.1.1.0 (no period, no currency amounts on its lines): the
        upgrade's migration gives its lines the note's date as their last day charged and their
        company amounts as their own, so a later note does not charge those days again."""
        old = self.note()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_dunning_document_line SET interest_date_to = NULL, interest_date_from = NULL, "
            "move_currency_id = NULL, interest_amount_currency = 0 WHERE document_id = %s",
            [old.id],
        )
        self.env.invalidate_all()
        self.run_migration("18.0.1.1.0", "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(set(old.line_ids.mapped("interest_date_to")), {date(2026, 4, 15)})
        self.assertAlmostEqual(
            old.line_ids.filtered(lambda line: line.move_id == self.open_invoice).interest_amount_currency, 9.86
        )
        self.assertEqual(old.line_ids.move_currency_id, self.company_pl.currency_id)
        self.assertFalse(self.note(), "nothing charged twice after the upgrade")

    def test_upgrade_gives_booking_schemes_a_journal_of_their_own(self):
        """A scheme that booked its notes before a journal was asked for (18.0.1.1.0) booked
        them in the default sales journal, in the VAT invoices' numbering. The 18.0.1.2.0
        migration gives it an "Interest Notes" journal (NOTY) of its company, and the next
        note is booked there; a scheme missing it anyway is refused at booking, never booked
        in the VAT series."""
        self.env.flush_all()
        self.env.cr.execute("UPDATE crm_dunning_scheme SET interest_journal_id = NULL WHERE id = %s", [self.scheme.id])
        self.env.invalidate_all()
        with self.assertRaises(UserError) as caught:  # Odoo's assertRaises: in a savepoint
            self.note()
        self.assertIn("choose their sales journal", str(caught.exception))
        self.env.invalidate_all()
        self.assertFalse(
            self.env["account.move"].search([("invoice_origin", "=like", "NO/%")]), "nothing booked, nothing left"
        )
        self.run_migration("18.0.1.2.0", "18.0.1.1.0")
        self.env.invalidate_all()
        journal = self.scheme.interest_journal_id
        self.assertEqual((journal.code, journal.type, journal.company_id), ("NOTY", "sale", self.company_pl))
        note = self.note()
        self.assertEqual(len(note), 1, "the refused note left nothing behind: it is made now")
        booked = note.interest_move_id
        self.assertEqual(booked.journal_id, journal)
        self.assertTrue(booked.name.startswith("NOTY/"), booked.name)
