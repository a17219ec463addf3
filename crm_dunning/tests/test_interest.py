"""Issue 14, interest notes: statutory interest computed day by day from dated rate tables,
checked against values worked out by hand (the arithmetic is in the comments); the tables
refused with a gap or an overlap; who may read and who may change them; companies kept apart."""

from datetime import date

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DunningCommon


class InterestCommon(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="interest_accountant",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Table = cls.env["crm.dunning.interest.table"]
        # 10% up to 30 June 2025, 12% from 1 July 2025; Polish public holidays; 365 days
        cls.table = cls.Table.with_user(cls.accountant).create(
            {
                "name": "Test statutory interest",
                "code": "T-PL",
                "country_id": cls.env.ref("base.pl").id,
                "rate_ids": [
                    Command.create({"date_from": date(2025, 1, 1), "date_to": date(2025, 6, 30), "rate": 10.0}),
                    Command.create({"date_from": date(2025, 7, 1), "reference_rate": 2.0, "margin": 10.0}),
                ],
            }
        )

    @classmethod
    def pay(cls, move, amount, day):
        """Register a payment of ``amount`` on ``day`` against ``move``, as the billing user."""
        wizard = (
            cls.env["account.payment.register"]
            .with_user(cls.billing)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"amount": amount, "payment_date": day})
        )
        return wizard._create_payments()

    def periods(self, move, to_date, table=None):
        table = (table or self.table).with_user(self.billing)
        return [
            (p["date_from"], p["date_to"], p["days"], p["base"], p["rate"], p["amount"])
            for p in table._crm_interest_periods(move.with_user(self.billing), to_date)
        ]


@tagged("post_install", "-at_install")
class TestInterest(InterestCommon):
    def test_rate_from_reference_and_margin(self):
        self.assertEqual(self.table.rate_ids.sorted("date_from").mapped("rate"), [10.0, 12.0])

    @freeze_time("2025-07-15")
    def test_across_a_rate_change(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 6, 20))  # a Friday
        self.assertEqual(
            self.periods(move, date(2025, 7, 10)),
            [
                # 21-30 June, 10 days at 10%: 10000 * 10% * 10 / 365 = 27.397 -> 27.40
                (date(2025, 6, 21), date(2025, 6, 30), 10, 10000.0, 10.0, 27.40),
                # 1-10 July, 10 days at 12%: 10000 * 12% * 10 / 365 = 32.877 -> 32.88
                (date(2025, 7, 1), date(2025, 7, 10), 10, 10000.0, 12.0, 32.88),
            ],
        )
        amounts = self.table.with_user(self.billing)._crm_interest_amounts(move, date(2025, 7, 10))
        self.assertEqual(amounts, {move.id: 60.28})  # 27.40 + 32.88

    @freeze_time("2025-07-15")
    def test_paid_late(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))  # a Monday
        self.pay(move, 10000.0, date(2025, 3, 31))
        self.assertEqual(move.payment_state, "paid")
        # 11-31 March, 21 days at 10%: 10000 * 10% * 21 / 365 = 57.534 -> 57.53; nothing after
        self.assertEqual(
            self.periods(move, date(2025, 6, 30)), [(date(2025, 3, 11), date(2025, 3, 31), 21, 10000.0, 10.0, 57.53)]
        )

    @freeze_time("2025-07-15")
    def test_partial_payment(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))
        self.pay(move, 4000.0, date(2025, 3, 20))
        self.assertEqual(move.payment_state, "partial")
        self.assertEqual(
            self.periods(move, date(2025, 3, 31)),
            [
                # 11-20 March on 10000 (the day of payment counts): 10000 * 10% * 10 / 365 = 27.40
                (date(2025, 3, 11), date(2025, 3, 20), 10, 10000.0, 10.0, 27.40),
                # 21-31 March on 6000: 6000 * 10% * 11 / 365 = 18.082 -> 18.08
                (date(2025, 3, 21), date(2025, 3, 31), 11, 6000.0, 10.0, 18.08),
            ],
        )

    @freeze_time("2025-07-15")
    def test_credit_note_lowers_the_base_from_its_date(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))
        refund = self.make_invoice(self.customer, 4000.0, due=date(2025, 3, 20), move_type="out_refund")
        receivable = (move | refund).line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        receivable.reconcile()
        self.assertEqual(move.payment_state, "partial")
        # as a payment of 4000 on 20 March: 27.40 on 10000 for 11-20 March, 18.08 on 6000 for 21-31 March
        self.assertEqual(
            [p[-1] for p in self.periods(move, date(2025, 3, 31))],
            [27.40, 18.08],
        )

    @freeze_time("2025-07-15")
    def test_installments_from_their_own_due_dates(self):
        term = self.make_two_installment_term(10, 40)
        move = self.make_invoice(
            self.customer,
            10000.0,
            due=date(2025, 3, 1),
            invoice_date_due=False,
            invoice_payment_term_id=term.id,
        )
        # installments due Tuesday 11 March and Thursday 10 April 2025
        self.assertEqual(move.invoice_date_due, date(2025, 4, 10))
        self.assertEqual(
            self.periods(move, date(2025, 4, 20)),
            [
                # 12 March - 10 April, 30 days on the first 5000: 5000 * 10% * 30 / 365 = 41.096 -> 41.10
                (date(2025, 3, 12), date(2025, 4, 10), 30, 5000.0, 10.0, 41.10),
                # 11-20 April, 10 days on both: 10000 * 10% * 10 / 365 = 27.397 -> 27.40
                (date(2025, 4, 11), date(2025, 4, 20), 10, 10000.0, 10.0, 27.40),
            ],
        )

    @freeze_time("2025-07-15")
    def test_invoice_in_another_currency(self):
        eur = self.setup_other_currency("EUR")  # 1 USD = 2 EUR since 2017
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10), currency_id=eur.id)
        self.pay(move, 4000.0, date(2025, 3, 20))
        self.assertEqual(move.currency_id, eur)
        # in EUR, not in the company's USD: 27.40 on 10000 EUR, then 18.08 on 6000 EUR
        self.assertEqual(
            [(p[3], p[-1]) for p in self.periods(move, date(2025, 3, 31))],
            [(10000.0, 27.40), (6000.0, 18.08)],
        )

    @freeze_time("2025-07-15")
    def test_payment_after_to_date_is_ignored(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))
        self.pay(move, 10000.0, date(2025, 4, 30))
        # 11-20 March on the whole amount: the payment of 30 April is later than the note's date
        self.assertEqual(
            self.periods(move, date(2025, 3, 20)), [(date(2025, 3, 11), date(2025, 3, 20), 10, 10000.0, 10.0, 27.40)]
        )

    @freeze_time("2025-07-15")
    def test_due_on_saturday(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 15))  # a Saturday
        # due date moves to Monday 17 March; interest 18-27 March, 10 days: 27.40
        self.assertEqual(
            self.periods(move, date(2025, 3, 27)), [(date(2025, 3, 18), date(2025, 3, 27), 10, 10000.0, 10.0, 27.40)]
        )
        # and nothing is due while the moved due date has not passed
        self.assertEqual(self.periods(move, date(2025, 3, 17)), [])

    @freeze_time("2025-12-01")
    def test_due_on_public_holiday(self):
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 11, 11))  # Independence Day, a Tuesday
        # due date moves to Wednesday 12 November; interest 13-22 November, 10 days at 12%:
        # 10000 * 12% * 10 / 365 = 32.877 -> 32.88
        self.assertEqual(
            self.periods(move, date(2025, 11, 22)), [(date(2025, 11, 13), date(2025, 11, 22), 10, 10000.0, 12.0, 32.88)]
        )

    @freeze_time("2025-07-15")
    def test_holidays_from_the_company_calendar(self):
        self.table.holiday_source = "calendar"
        calendar = self.company.resource_calendar_id
        calendar.tz = "Europe/Warsaw"
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": calendar.id,
                "company_id": self.company.id,
                # Monday 10 March 2025, 00:00-23:59 in Warsaw (UTC+1)
                "date_from": "2025-03-09 23:00:00",
                "date_to": "2025-03-10 22:59:59",
            }
        )
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))
        # due date moves to Tuesday 11 March; interest 12-21 March, 10 days: 27.40
        self.assertEqual(
            self.periods(move, date(2025, 3, 21)), [(date(2025, 3, 12), date(2025, 3, 21), 10, 10000.0, 10.0, 27.40)]
        )

    @freeze_time("2025-07-15")
    def test_360_day_basis(self):
        self.table.day_count_basis = 360
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))
        # 11-31 March, 21 days: 10000 * 10% * 21 / 360 = 58.333 -> 58.33 (57.53 on 365 days)
        self.assertEqual(
            self.periods(move, date(2025, 3, 31)), [(date(2025, 3, 11), date(2025, 3, 31), 21, 10000.0, 10.0, 58.33)]
        )

    @freeze_time("2025-07-15")
    def test_day_without_rate(self):
        move = self.make_invoice(self.customer, 1000.0, due=date(2024, 12, 20))
        with self.assertRaises(UserError) as caught:
            self.periods(move, date(2025, 1, 10))
        self.assertIn("has no rate for", str(caught.exception))

    def test_not_an_invoice_or_not_late(self):
        move = self.make_invoice(self.customer, 1000.0, due=date(2025, 3, 10), post=False)
        self.assertEqual(self.periods(move, date(2025, 4, 10)), [])

    def test_scheme_picks_a_table(self):
        scheme = self.make_scheme(interest_table_id=self.table.id)
        self.assertEqual(scheme.interest_table_id, self.table)

    def test_compensation_needs_a_table_with_tiers(self):
        """Claiming the recovery-cost compensation with a table that defines none (e.g. the civil
        code's) is refused on save, and nothing is kept; with tiers it is accepted."""
        with self.assertRaises(ValidationError) as caught:
            self.make_scheme(code="C", interest_table_id=self.table.id, interest_claim_compensation=True)
        self.assertIn("defines none", str(caught.exception))
        self.assertFalse(self.env["crm.dunning.scheme"].search([("code", "=", "C")]))
        self.table.compensation_currency_id = self.env.ref("base.PLN")
        scheme = self.make_scheme(code="C", interest_table_id=self.table.id, interest_claim_compensation=True)
        self.assertTrue(scheme.interest_claim_compensation)

    def test_scheme_refuses_another_companys_table(self):
        other = self.Table.create({"name": "Firma B only", "code": "B", "company_id": self.company_2.id})
        with self.assertRaises(UserError):
            self.make_scheme(code="X", interest_table_id=other.id)
        self.assertFalse(self.env["crm.dunning.scheme"].search([("code", "=", "X")]))


@tagged("post_install", "-at_install")
class TestInterestTable(InterestCommon):
    def assert_refused(self, values, message):
        with self.assertRaises(ValidationError) as caught:
            self.Table.with_user(self.accountant).create(values)
        self.assertIn(message, str(caught.exception))
        self.assertFalse(self.Table.search([("code", "=", values["code"])]))
        self.assertFalse(self.env["crm.dunning.interest.rate"].search([("table_id.code", "=", values["code"])]))

    def test_gap_refused(self):
        self.assert_refused(
            {
                "name": "Gap",
                "code": "GAP",
                "rate_ids": [
                    Command.create({"date_from": date(2025, 1, 1), "date_to": date(2025, 6, 30), "rate": 10.0}),
                    Command.create({"date_from": date(2025, 7, 2), "rate": 12.0}),
                ],
            },
            "has no rate from 07/01/2025 to 07/01/2025",
        )

    def test_overlap_refused(self):
        self.assert_refused(
            {
                "name": "Overlap",
                "code": "OVER",
                "rate_ids": [
                    Command.create({"date_from": date(2025, 1, 1), "date_to": date(2025, 6, 30), "rate": 10.0}),
                    Command.create({"date_from": date(2025, 6, 15), "rate": 12.0}),
                ],
            },
            "overlaps",
        )

    def test_two_open_rates_refused(self):
        self.assert_refused(
            {
                "name": "Open",
                "code": "OPEN",
                "rate_ids": [
                    Command.create({"date_from": date(2025, 1, 1), "rate": 10.0}),
                    Command.create({"date_from": date(2025, 7, 1), "rate": 12.0}),
                ],
            },
            "overlaps",
        )

    def test_end_before_start_refused(self):
        self.assert_refused(
            {
                "name": "Backwards",
                "code": "BACK",
                "rate_ids": [Command.create({"date_from": date(2025, 7, 1), "date_to": date(2025, 6, 1), "rate": 1})],
            },
            "cannot end",
        )

    def test_new_rate_added_in_the_ui(self):
        """The accountant closes the open rate and adds the next one in one save; a second,
        overlapping line is refused and leaves the table as it was."""
        open_line = self.table.rate_ids.filtered(lambda line: not line.date_to)
        table = self.table.with_user(self.accountant)
        table.write(
            {
                "rate_ids": [
                    Command.update(open_line.id, {"date_to": date(2025, 12, 31)}),
                    Command.create({"date_from": date(2026, 1, 1), "rate": 11.0}),
                ]
            }
        )
        self.assertEqual(len(table.rate_ids), 3)
        with self.assertRaises(ValidationError):
            table.write({"rate_ids": [Command.create({"date_from": date(2026, 3, 1), "rate": 9.0})]})
        self.assertEqual(len(table.rate_ids), 3)
        self.assertEqual(table.rate_ids.sorted("date_from")[-1].rate, 11.0)

    def test_billing_reads_but_does_not_edit(self):
        table = self.table.with_user(self.billing)
        self.assertEqual(table.rate_count, 2)
        self.assertTrue(self.Table.with_user(self.billing).search([("code", "=", "T-PL")]))
        with self.assertRaises(AccessError):
            table.rate_ids[0].rate = 1.0
        with self.assertRaises(AccessError):
            self.Table.with_user(self.billing).create({"name": "Mine", "code": "MINE"})
        # the Dunning manager may, as the accountant does
        self.table.rate_ids.with_user(self.manager).sorted("date_from")[0].source = "Monitor Polski"

    def test_companies_kept_apart(self):
        shared = self.table
        own_b = self.Table.create({"name": "Firma B only", "code": "B", "company_id": self.company_2.id})
        visible = self.Table.with_user(self.billing).search([])
        self.assertIn(shared, visible)
        self.assertNotIn(own_b, visible)
        with self.assertRaises(AccessError):
            own_b.with_user(self.billing).read(["name"])

    @freeze_time("2025-07-15")
    def test_prescribed_interest_is_not_charged(self):
        """Civil code art. 118: interest prescribes after three years, at the end of a year."""
        move = self.make_invoice(self.customer, 10000.0, due=date(2025, 3, 10))  # a Monday, never paid
        self.table.with_user(self.accountant).write({"prescription_years": 3, "prescription_year_end": True})
        # claimed on 15 January 2029: every day before 1 January 2026 is prescribed; 1 January
        # 2026 - 15 January 2029 is 365 + 365 + 366 + 15 = 1,111 days at 12%:
        # 10000 * 12% * 1111 / 365 = 3652.603 -> 3652.60
        self.assertEqual(
            self.periods(move, date(2029, 1, 15)), [(date(2026, 1, 1), date(2029, 1, 15), 1111, 10000.0, 12.0, 3652.60)]
        )
        # on 31 December 2028 the days of 2025 are still claimable: from the first day of interest
        self.assertEqual(self.periods(move, date(2028, 12, 31))[0][0], date(2025, 3, 11))
        # without the year-end rule: days before 15 January 2026 are prescribed, 1,097 days left:
        # 10000 * 12% * 1097 / 365 = 3606.575 -> 3606.58
        self.table.prescription_year_end = False
        self.assertEqual(
            self.periods(move, date(2029, 1, 15)),
            [(date(2026, 1, 15), date(2029, 1, 15), 1097, 10000.0, 12.0, 3606.58)],
        )

    def test_first_unprescribed_day(self):
        table = self.table
        self.assertIsNone(table._crm_first_unprescribed_day(date(2026, 11, 30)), "0 years: never prescribes")
        table.prescription_years = 3
        self.assertEqual(table._crm_first_unprescribed_day(date(2026, 11, 30)), date(2023, 11, 30))
        # claimed on 29 February 2028: the interest of 28 February 2025 prescribed on 28 February 2028
        self.assertEqual(table._crm_first_unprescribed_day(date(2028, 2, 29)), date(2025, 3, 1))
        table.prescription_year_end = True
        self.assertEqual(table._crm_first_unprescribed_day(date(2026, 11, 30)), date(2023, 1, 1))
        with self.assertRaises(CheckViolation), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            table.write({"prescription_years": -1})
            table.flush_recordset()

    def test_prescription_of_the_polish_tables_on_upgrade(self):
        commercial = self.env.ref("crm_dunning.interest_table_pl_commercial")
        civil = self.env.ref("crm_dunning.interest_table_pl_civil")
        self.assertEqual((commercial.prescription_years, commercial.prescription_year_end), (3, True))
        # a database from before 18.0.1.3.0: no prescription; an accountant's own choice is kept
        commercial.write({"prescription_years": 0, "prescription_year_end": False})
        civil.write({"prescription_years": 5, "prescription_year_end": False})
        self.run_migration("18.0.1.3.0", "18.0.1.2.0")
        self.assertEqual((commercial.prescription_years, commercial.prescription_year_end), (3, True))
        self.assertEqual((civil.prescription_years, civil.prescription_year_end), (5, False))

    def test_shipped_polish_tables(self):
        """The shipped history has no gap and gives the published rates on a few known days."""
        commercial = self.env.ref("crm_dunning.interest_table_pl_commercial")
        civil = self.env.ref("crm_dunning.interest_table_pl_civil")
        for table in commercial | civil:
            table._check_rate_continuity()

        def rate_on(table, day):
            return table.rate_ids.filtered(lambda r: r.date_from <= day and (not r.date_to or day <= r.date_to)).rate

        # Monitor Polski 2016 poz. 43: 9.50% in the first half of 2016
        self.assertEqual(rate_on(commercial, date(2016, 3, 1)), 9.5)
        # second half of 2022: reference rate 6.00% on 1 July 2022 + 10 pp
        self.assertEqual(rate_on(commercial, date(2022, 8, 1)), 16.0)
        self.assertEqual(rate_on(commercial, date(2023, 3, 1)), 16.75)
        self.assertEqual(rate_on(commercial, date(2026, 2, 1)), 14.0)
        # ZUS: 12.25% from 8 September 2022 to 6 September 2023, 11.25% from 5 October 2023
        self.assertEqual(rate_on(civil, date(2022, 9, 8)), 12.25)
        self.assertEqual(rate_on(civil, date(2023, 9, 6)), 12.25)
        self.assertEqual(rate_on(civil, date(2023, 10, 5)), 11.25)
        self.assertEqual(rate_on(civil, date(2026, 3, 5)), 9.25)
