"""Issue 14, interest notes: the statutory recovery-cost compensation (Polish act of 8 March
2013, art. 10: 40 / 70 / 100 EUR by the amount in PLN) converted at the EUR rate of the last
working day of the month before the month the invoice was due, claimed once per invoice."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestCompensation(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_polish_company("interest_billing_pl")
        # NBP average rate of Friday 27 February 2026 (February ends on a Saturday): 1 EUR = 4.25 PLN
        cls.env["res.currency.rate"].create(
            {"name": date(2026, 2, 27), "currency_id": cls.eur.id, "company_id": cls.company_pl.id, "rate": 1 / 4.25}
        )
        # a rate of the day before must not be taken instead
        cls.env["res.currency.rate"].create(
            {"name": date(2026, 4, 29), "currency_id": cls.eur.id, "company_id": cls.company_pl.id, "rate": 1 / 4.3}
        )
        cls.table = cls.env.ref("crm_dunning.interest_table_pl_commercial")
        cls.scheme = (
            cls.env["crm.dunning.scheme"]
            .sudo()
            .create(
                cls.scheme_values(
                    code="PL",
                    company=cls.company_pl,
                    is_default=True,
                    interest_table_id=cls.table.id,
                    interest_claim_compensation=True,
                )
            )
        )

    def invoice(self, amount, due=date(2026, 3, 10), currency=None):
        values = {"currency_id": currency.id} if currency else {}
        return self.make_invoice(self.customer, amount, due=due, company=self.company_pl, **values).with_user(
            self.billing_pl
        )

    @freeze_time("2026-04-15")
    def test_tiers_in_pln(self):
        cases = [
            # amount (PLN), tier (EUR), EUR * 4.25 in PLN
            (5000.0, 40, 170.0),  # up to 5,000 PLN: 40 EUR
            (5000.01, 70, 297.5),  # above 5,000: 70 EUR = 297.50 PLN
            (49999.99, 70, 297.5),
            (50000.0, 100, 425.0),  # from 50,000 PLN: 100 EUR = 425.00 PLN
        ]
        for amount, eur, pln in cases:
            with self.subTest(amount=amount):
                result = self.invoice(amount)._crm_recovery_compensation()
                self.assertEqual(result["eur"], eur)
                self.assertEqual(result["currency"], self.pln)
                self.assertAlmostEqual(result["amount"], pln, places=2)

    @freeze_time("2026-04-15")
    def test_invoice_in_euro(self):
        # 1,000 EUR = 4,250 PLN at 4.25: up to 5,000 PLN, so 40 EUR, claimed in EUR as 40.00
        result = self.invoice(1000.0, currency=self.eur)._crm_recovery_compensation()
        self.assertEqual((result["eur"], result["currency"], result["amount"]), (40, self.eur, 40.0))
        # 1,200 EUR = 5,100 PLN: above 5,000 PLN, so 70 EUR
        result = self.invoice(1200.0, currency=self.eur)._crm_recovery_compensation()
        self.assertEqual((result["eur"], result["amount"]), (70, 70.0))

    @freeze_time("2026-06-15")
    def test_no_rate_on_the_day_the_law_names(self):
        # due 5 May 2026: the rate of Thursday 30 April 2026 is needed; only 29 April exists
        move = self.invoice(6000.0, due=date(2026, 5, 5))
        with self.assertRaises(UserError) as caught:
            move._crm_claim_recovery_compensation()
        self.assertIn("EUR rate of 04/30/2026", str(caught.exception))
        self.assertFalse(move.dunning_compensation_date)

    @freeze_time("2026-04-15")
    def test_claimed_once(self):
        move = self.invoice(6000.0)
        claimed = move._crm_claim_recovery_compensation()
        self.assertEqual(claimed[move.id]["eur"], 70)
        self.assertEqual(move.dunning_compensation_date, date(2026, 4, 15))
        self.assertAlmostEqual(move.dunning_compensation_amount, 297.5, places=2)
        self.assertEqual(move.dunning_compensation_eur, 70)
        # a second interest note does not claim it again
        self.assertEqual(move._crm_claim_recovery_compensation(), {})

    def test_table_without_compensation(self):
        civil = self.env.ref("crm_dunning.interest_table_pl_civil")
        with self.assertRaises(UserError) as caught:
            self.invoice(6000.0)._crm_recovery_compensation(table=civil)
        self.assertIn("defines no recovery-cost compensation", str(caught.exception))
