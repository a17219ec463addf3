"""Issue 14, the documents as customers receive them: the real PDF of each kind (wkhtmltopdf,
read back with poppler's pdftotext) names seller and customer with addresses and VAT numbers,
number, dates, lines, totals and the bank account, in the customer's language."""

import subprocess
import tempfile
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DunningCommon


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", pdf_file.name, "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
    return " ".join(text.split())


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestDocumentPdf(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf prints with system fonts, as text, when it cannot fetch the web assets
        # (see crm_proforma's test_proforma_pdf for why).
        cls.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        cls.company.write(
            {
                "name": "Sprzedawca Testowy Sp. z o.o.",
                "street": "ul. Prosta 7",
                "zip": "00-850",
                "city": "Warszawa",
                "vat": "5260250274",
            }
        )
        cls.env["res.partner.bank"].create(
            {"acc_number": "PL61109010140000071219812874", "partner_id": cls.company.partner_id.id}
        )
        cls.customer.write(
            {"street": "ul. Długa 5", "zip": "80-831", "city": "Gdańsk", "vat": "5842083837", "lang": "en_US"}
        )
        cls.customer_2.write({"street": "ul. Krótka 1", "city": "Kraków", "vat": "6762468011", "lang": "pl_PL"})
        # interest at 10% a year (365 days), Polish holidays
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
            cls.scheme_values(code="INT", is_default=True, interest_table_id=table.id)
        )
        cls.first = cls.make_invoice(cls.customer, 700, due=date(2026, 2, 1))
        cls.second = cls.make_invoice(cls.customer, 300, due=date(2026, 2, 10))
        cls.make_invoice(cls.customer_2, 400, due=date(2026, 2, 1))
        cls.Document = cls.env["crm.dunning.document"].with_user(cls.billing)

    def pdf(self, kind, partner=None):
        document = self.Document._dunning_create(kind, partner or self.customer, self.company, date(2026, 3, 20))
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(self.billing)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("crm_dunning.action_report_dunning_document", document.ids)
            )
        self.assertEqual(report_type, "pdf")
        return document, pdf_text(pdf)

    def assert_parties(self, text):
        for snippet in [
            "Sprzedawca Testowy Sp. z o.o.",
            "ul. Prosta 7",
            "00-850",
            "Warszawa",
            "5260250274",
            "Kowalski sp. z o.o.",
            "ul. Długa 5",
            "80-831",
            "Gdańsk",
            "5842083837",
        ]:
            self.assertIn(snippet, text)

    def test_payment_reminder(self):
        __, text = self.pdf("payment_reminder")
        self.assert_parties(text)
        for snippet in [
            "Payment Reminder PZ/2026/0001",
            "Date of issue: 03/20/2026",
            self.first.name,
            self.second.name,
            "02/01/2026",
            "02/10/2026",
            "Days late",
            "47",
            "38",
            "700.00",
            "300.00",
            "1,000.00",
            # due on Sunday 1 February, moved to Monday: 3 February to 20 March = 46 days,
            # 700 * 10% * 46 / 365 = 8.82; 11 February to 20 March = 38 days, 300 * 10% * 38 / 365 = 3.12
            "8.82",
            "3.12",
            "11.94",
            "Total to pay",
            "1,011.94",
            "PL61109010140000071219812874",
        ]:
            self.assertIn(snippet, text)
        self.assertNotIn("Ponaglenie", text)

    def test_interest_note(self):
        __, text = self.pdf("interest_note")
        self.assert_parties(text)
        self.assertIn("Interest Note NO/2026/0001", text)
        self.assertIn("statutory interest for late payment", text)
        # days late count from the due date itself (47); interest from the next working day (46)
        for snippet in [self.first.name, self.second.name, "47", "38", "8.82", "3.12", "Total to pay", "11.94"]:
            self.assertIn(snippet, text)

    def test_balance_confirmation(self):
        document, text = self.pdf("balance_confirmation")
        self.assert_parties(text)
        for snippet in [
            "Balance Confirmation PS/2026/0001",
            "Balance as of: 03/20/2026",
            "Balance in our favour",
            "1,000.00",
            f"/my/dunning/{document.id}?access_token={document.access_token}",
            "signature of the customer",
        ]:
            self.assertIn(snippet, text)

    def test_polish_customer_gets_polish(self):
        __, text = self.pdf("payment_reminder", self.customer_2)
        polish = ["Ponaglenie zapłaty PZ/2026/0001", "Sprzedawca", "Nabywca", "Data wystawienia", "Razem do zapłaty"]
        for snippet in polish:
            self.assertIn(snippet, text)
        self.assertNotIn("Payment Reminder", text)
        __, text = self.pdf("balance_confirmation", self.customer_2)
        self.assertIn("Potwierdzenie salda PS/2026/0001", text)
