"""Issue 9, case 5: every date a caught-up invoice carries follows its own invoice date."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestInvoiceDates(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency(
            "EUR", rates=[("2026-09-30", 0.25), ("2026-10-31", 0.2), ("2026-11-30", 0.5)]
        )
        cls.terms_30 = cls.env.ref("account.account_payment_term_30days")

    def _catch_up(self, **vals):
        template = self.make_template(
            partners=self.customer_en,
            start="2026-09-30",
            day_of_month=31,
            currency_id=self.eur.id,
            lines=[
                {
                    "product_id": self.product_a.id,
                    "name": "{period_month} {period_year}: {period_start} - {period_end}",
                    "price_unit": 100,
                    "tax_ids": [Command.clear()],
                }
            ],
            **vals,
        )
        with freeze_time("2026-11-30"):
            return template._generate_due().sorted("invoice_date")

    def test_case_5_every_date_of_a_caught_up_invoice(self):
        moves = self._catch_up(after_generation="post")
        self.assertEqual(moves.mapped("invoice_date"), [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30)])
        self.assertEqual(moves.mapped("state"), ["posted"] * 3)
        # no payment terms: due on the invoice date, not on the day of the run
        self.assertEqual(moves.mapped("invoice_date_due"), moves.mapped("invoice_date"))
        self.assertEqual(
            moves.line_ids.filtered("date_maturity").mapped("date_maturity"),
            [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30)],
        )
        # accounting date = invoice date
        self.assertEqual(moves.mapped("date"), moves.mapped("invoice_date"))
        self.assertEqual(set(moves.line_ids.mapped("date")), set(moves.mapped("invoice_date")))
        # currency rate of each invoice's own date: 100 EUR = 400, 500, 200 USD
        self.assertEqual(moves.mapped("invoice_currency_rate"), [0.25, 0.2, 0.5])
        self.assertEqual(moves.mapped("amount_total_signed"), [400.0, 500.0, 200.0])
        # period placeholders: the period of each invoice (day 31: 30 Sep - 30 Oct, ...)
        self.assertEqual(
            moves.invoice_line_ids.mapped("name"),
            [
                "September 2026: 09/30/2026 - 10/30/2026",
                "October 2026: 10/31/2026 - 11/29/2026",
                "November 2026: 11/30/2026 - 12/30/2026",
            ],
        )

    def test_case_5_due_dates_from_payment_terms(self):
        moves = self._catch_up(payment_term_id=self.terms_30.id)
        self.assertEqual(moves.mapped("invoice_date_due"), [date(2026, 10, 30), date(2026, 11, 30), date(2026, 12, 30)])
        self.assertEqual(moves.mapped("date"), moves.mapped("invoice_date"))
        self.assertEqual(moves.mapped("invoice_payment_term_id"), self.terms_30)

    def test_customer_payment_terms_apply_when_the_template_has_none(self):
        self.customer_en.property_payment_term_id = self.terms_30
        moves = self._catch_up()
        self.assertEqual(moves.mapped("invoice_payment_term_id"), self.terms_30)
        self.assertEqual(moves[0].invoice_date_due, date(2026, 10, 30))
