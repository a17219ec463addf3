"""Issue 14, interest notes: the day arithmetic alone (no database), values worked out by hand."""

from datetime import date

from odoo.tests import BaseCase, tagged

from ..models import crm_dunning_interest_calc as calc

RATES = [(date(2025, 1, 1), date(2025, 6, 30), 10.0), (date(2025, 7, 1), None, 12.0)]


@tagged("at_install", "-post_install")
class TestInterestCalc(BaseCase):
    def test_weekend_and_holiday_move_the_due_date(self):
        holidays = {date(2025, 11, 1), date(2025, 11, 11)}
        # Saturday 15 March 2025 -> Monday 17 March
        self.assertEqual(calc.next_working_day(date(2025, 3, 15), set()), date(2025, 3, 17))
        # Saturday 1 November 2025 is also All Saints' Day -> Monday 3 November
        self.assertEqual(calc.next_working_day(date(2025, 11, 1), holidays), date(2025, 11, 3))
        # Tuesday 11 November -> Wednesday 12, interest from Thursday 13
        self.assertEqual(calc.interest_start(date(2025, 11, 11), holidays), date(2025, 11, 13))
        # a working day stays
        self.assertEqual(calc.interest_start(date(2025, 3, 10), holidays), date(2025, 3, 11))

    def test_last_working_day_before_month(self):
        # February 2026 ends on a Saturday: Friday 27 February
        self.assertEqual(calc.last_working_day_before_month(date(2026, 3, 10), set()), date(2026, 2, 27))
        # 31 December 2025 is a Wednesday; were it a holiday, Tuesday 30
        self.assertEqual(calc.last_working_day_before_month(date(2026, 1, 5), set()), date(2025, 12, 31))
        self.assertEqual(calc.last_working_day_before_month(date(2026, 1, 5), {date(2025, 12, 31)}), date(2025, 12, 30))

    def test_split_at_rate_change(self):
        periods = calc.split_periods(date(2025, 6, 21), date(2025, 7, 10), 10000.0, [], RATES, 365)
        # 21-30 June: 10 days at 10%: 10000 * 0.10 * 10 / 365 = 27.397
        # 1-10 July: 10 days at 12%: 10000 * 0.12 * 10 / 365 = 32.877
        self.assertEqual(
            [(p["date_from"], p["date_to"], p["days"], p["base"], p["rate"]) for p in periods],
            [
                (date(2025, 6, 21), date(2025, 6, 30), 10, 10000.0, 10.0),
                (date(2025, 7, 1), date(2025, 7, 10), 10, 10000.0, 12.0),
            ],
        )
        self.assertAlmostEqual(periods[0]["amount"], 27.397, places=3)
        self.assertAlmostEqual(periods[1]["amount"], 32.877, places=3)

    def test_payments_lower_the_base_from_the_next_day(self):
        payments = [(date(2025, 3, 20), 4000.0), (date(2025, 3, 31), 6000.0)]
        periods = calc.split_periods(date(2025, 3, 11), date(2025, 12, 31), 10000.0, payments, RATES, 365)
        # 11-20 March on 10000 (the day of payment still counts), 21-31 March on 6000, then nothing
        self.assertEqual([(p["days"], p["base"]) for p in periods], [(10, 10000.0), (11, 6000.0)])

    def test_equal_neighbours_are_one_period(self):
        rates = [(date(2025, 1, 1), date(2025, 6, 30), 10.0), (date(2025, 7, 1), None, 10.0)]
        periods = calc.split_periods(date(2025, 6, 1), date(2025, 7, 31), 100.0, [], rates, 365)
        self.assertEqual(len(periods), 1)
        self.assertEqual(periods[0]["days"], 61)

    def test_missing_rate(self):
        with self.assertRaises(LookupError) as caught:
            calc.split_periods(date(2024, 12, 21), date(2025, 1, 10), 100.0, [], RATES, 365)
        self.assertEqual(caught.exception.args[0], date(2024, 12, 21))

    def test_nothing_late(self):
        self.assertEqual(calc.split_periods(date(2025, 3, 11), date(2025, 3, 10), 100.0, [], RATES, 365), [])
        self.assertEqual(calc.split_periods(date(2025, 3, 11), date(2025, 3, 20), 0.0, [], RATES, 365), [])

    def test_installments(self):
        # 5000 overdue from 12 March, 5000 more from 11 April, 2000 of the first paid on 15 April
        installments = [
            (date(2025, 3, 12), 5000.0, [(date(2025, 4, 15), 2000.0)]),
            (date(2025, 4, 11), 5000.0, []),
        ]
        periods = calc.split_installments(installments, date(2025, 4, 20), RATES, 365)
        self.assertEqual(
            [(p["date_from"], p["days"], p["base"]) for p in periods],
            [(date(2025, 3, 12), 30, 5000.0), (date(2025, 4, 11), 5, 10000.0), (date(2025, 4, 16), 5, 8000.0)],
        )
