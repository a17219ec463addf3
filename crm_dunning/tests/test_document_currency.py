"""Issue 14, documents in the invoice currency: a customer invoiced in PLN and in EUR reads each
invoice in its own currency (amounts and interest, computed in that currency) and the totals per
currency on the document and its PDF; the document's ``amount_*`` stay in the company currency.
Amounts worked out by hand."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from . import test_document_pdf
from .common import DunningCommon

TODAY = date(2026, 4, 15)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-15 10:00:00")
class TestDocumentCurrency(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        cls.setup_polish_company("currency_billing_pl")
        # 1 EUR = 4.30 PLN from 27 February 2026
        cls.env["res.currency.rate"].create(
            {"name": date(2026, 2, 27), "currency_id": cls.eur.id, "company_id": cls.company_pl.id, "rate": 1 / 4.3}
        )
        table = (
            cls.env["crm.dunning.interest.table"]
            .sudo()
            .create(
                {
                    "name": "Test 10%",
                    "code": "T10",
                    "country_id": cls.env.ref("base.pl").id,
                    "rate_ids": [Command.create({"date_from": date(2025, 1, 1), "rate": 10.0})],
                }
            )
        )
        cls.env["crm.dunning.scheme"].sudo().create(
            cls.scheme_values(code="PL", company=cls.company_pl, is_default=True, interest_table_id=table.id)
        )
        cls.customer.lang = "en_US"
        due = date(2026, 3, 10)  # a Tuesday; interest from 11 March to 15 April: 36 days
        cls.pln_invoice = cls.make_invoice(cls.customer, 2000.0, due=due, company=cls.company_pl)
        cls.eur_invoice = cls.make_invoice(
            cls.customer, 1000.0, due=due, company=cls.company_pl, currency_id=cls.eur.id
        )
        cls.Document = cls.env["crm.dunning.document"].with_user(cls.billing_pl).with_company(cls.company_pl)

    def make(self, kind):
        return self.Document._dunning_create(kind, self.customer, self.company_pl, TODAY)

    def pdf(self, document):
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, __ = (
                self.env["ir.actions.report"]
                .with_user(self.billing_pl)
                .with_company(self.company_pl)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("crm_dunning.action_report_dunning_document", document.ids)
            )
        return test_document_pdf.pdf_text(pdf)

    def test_payment_reminder_per_currency(self):
        reminder = self.make("payment_reminder")
        lines = {line.move_id: line for line in reminder.line_ids}
        eur_line, pln_line = lines[self.eur_invoice], lines[self.pln_invoice]
        self.assertEqual(eur_line.move_currency_id, self.eur)
        self.assertEqual(eur_line.amount_residual_currency, 1000.0)
        self.assertEqual(eur_line.amount_residual, 4300.0, "company currency at 4.30")
        # interest in the invoice currency: 1,000 EUR * 10% * 36 / 365 = 9.86 EUR (42.40 PLN)
        self.assertAlmostEqual(eur_line.interest_amount_currency, 9.86)
        self.assertAlmostEqual(eur_line.interest_amount, 42.4)
        # 2,000 PLN * 10% * 36 / 365 = 19.73 PLN
        self.assertAlmostEqual(pln_line.interest_amount_currency, 19.73)
        self.assertAlmostEqual(pln_line.interest_amount, 19.73)
        totals = {t["currency"].name: t for t in reminder._dunning_currency_totals()}
        self.assertAlmostEqual(totals["PLN"]["total"], 2019.73)
        self.assertAlmostEqual(totals["EUR"]["total"], 1009.86)
        # the company currency total stays for reports and thresholds: 2,000 + 4,300 + 19.73 + 42.40
        self.assertAlmostEqual(reminder.amount_total, 6362.13)
        text = self.pdf(reminder)
        for snippet in ["1,000.00 €", "9.86 €", "1,009.86 €", "2,000.00 zł", "19.73 zł", "2,019.73 zł", "Total to pay"]:
            self.assertIn(snippet, text)
        self.assertNotIn("4,300.00", text, "the EUR invoice is not shown in PLN")
        self.assertNotIn("6,362.13", text, "no total mixing the currencies")
        # the e-mail names the totals per currency too
        reminder._dunning_send()
        mail = self.env["mail.mail"].search([("model", "=", reminder._name), ("res_id", "=", reminder.id)])
        body = mail.body_html.replace("&nbsp;", " ").replace("\N{NO-BREAK SPACE}", " ")
        self.assertIn("2,019.73 zł + 1,009.86 €", body)

    def test_interest_note_per_currency_with_period(self):
        note = self.make("interest_note")
        self.assertEqual(note.amount_by_currency.replace("\N{NO-BREAK SPACE}", " "), "19.73 zł + 9.86 €")
        text = self.pdf(note)
        for snippet in ["Interest period", "03/11/2026 - 04/15/2026", "9.86 €", "19.73 zł"]:
            self.assertIn(snippet, text)

    def book_interest_notes(self):
        """The scheme books its interest notes, in a journal of their own."""
        journal = self.env["account.journal"].create(
            {"name": "Noty odsetkowe", "code": "NOD", "type": "sale", "company_id": self.company_pl.id}
        )
        self.env["crm.dunning.scheme"].sudo().search(
            [("code", "=", "PL"), ("company_id", "=", self.company_pl.id)]
        ).write({"interest_note_book": True, "interest_journal_id": journal.id})

    def test_booked_interest_note_in_the_invoice_currency(self):
        self.book_interest_notes()
        # a note about the EUR invoice only: booked in EUR, 9.86 EUR (not 42.40 PLN converted back)
        eur_note = self.Document._dunning_create(
            "interest_note", self.customer, self.company_pl, TODAY, moves=self.eur_invoice
        )
        booked = eur_note.interest_move_id
        self.assertEqual((booked.currency_id, booked.amount_total, booked.state), (self.eur, 9.86, "posted"))
        self.assertAlmostEqual(booked.amount_total_signed, 42.4, msg="4.30 PLN a euro in the books")
        # the PLN invoice's note: in PLN
        pln_note = self.Document._dunning_create(
            "interest_note", self.customer, self.company_pl, TODAY, moves=self.pln_invoice
        )
        self.assertEqual(
            (pln_note.interest_move_id.currency_id, pln_note.interest_move_id.amount_total), (self.pln, 19.73)
        )

    def test_booked_interest_note_of_two_currencies(self):
        self.book_interest_notes()
        # both invoices on one note: booked in the company currency, 19.73 + 42.40 = 62.13 PLN
        booked = self.make("interest_note").interest_move_id
        self.assertEqual((booked.currency_id, booked.amount_total), (self.pln, 62.13))

    def test_balance_confirmation_per_currency(self):
        balance = self.make("balance_confirmation")
        self.assertEqual(balance.amount_total, 6300.0)
        text = self.pdf(balance)
        for snippet in ["1,000.00 €", "2,000.00 zł", "Balance in our favour"]:
            self.assertIn(snippet, text)
        self.assertNotIn("4,300.00", text)
