"""The pure date arithmetic: no drift, month ends, leap years, weeks, years."""

from datetime import date

from odoo.tests import BaseCase, tagged

from ..models.recurrence import Recurrence


def dates(recurrence, count):
    return [p.invoice_date for p in recurrence.periods(limit=count)]


@tagged("at_install", "-post_install")
class TestRecurrence(BaseCase):
    def test_day_31_never_drifts(self):
        rec = Recurrence(date(2026, 1, 31), unit="month", day=31)
        self.assertEqual(dates(rec, 4), [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)])

    def test_leap_year_february(self):
        rec = Recurrence(date(2024, 1, 31), unit="month", day=31)
        self.assertEqual(dates(rec, 3), [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)])
        rec = Recurrence(date(2024, 1, 30), unit="month", day=30)
        self.assertEqual(dates(rec, 3), [date(2024, 1, 30), date(2024, 2, 29), date(2024, 3, 30)])

    def test_last_day_of_month(self):
        # calendar months, each invoiced (pre-paid) on the last day of the month before it;
        # never before the customer's start
        rec = Recurrence(date(2026, 1, 1), unit="month", day=None)
        self.assertEqual(dates(rec, 4), [date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)])

    def test_quarterly_on_day_31(self):
        rec = Recurrence(date(2026, 1, 1), unit="quarter", day=31)
        self.assertEqual(
            dates(rec, 5),
            [date(2026, 1, 1), date(2026, 1, 31), date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)],
        )
        rec = Recurrence(date(2025, 11, 30), unit="quarter", day=31)
        self.assertEqual(dates(rec, 2), [date(2025, 11, 30), date(2026, 2, 28)])

    def test_every_two_months(self):
        rec = Recurrence(date(2026, 1, 10), interval=2, unit="month", day=10)
        self.assertEqual(dates(rec, 3), [date(2026, 1, 10), date(2026, 3, 10), date(2026, 5, 10)])

    def test_first_short_period_on_start_date(self):
        rec = Recurrence(date(2026, 1, 15), unit="month", day=1)
        self.assertEqual(dates(rec, 2), [date(2026, 1, 15), date(2026, 2, 1)])

    def test_weekly_and_daily(self):
        rec = Recurrence(date(2026, 2, 25), unit="week")
        self.assertEqual(dates(rec, 3), [date(2026, 2, 25), date(2026, 3, 4), date(2026, 3, 11)])
        rec = Recurrence(date(2026, 2, 27), interval=3, unit="day")
        self.assertEqual(dates(rec, 3), [date(2026, 2, 27), date(2026, 3, 2), date(2026, 3, 5)])

    def test_yearly_on_29_february(self):
        rec = Recurrence(date(2024, 2, 29), unit="year", day=29)
        self.assertEqual(
            dates(rec, 5),
            [date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)],
        )

    def test_prepaid_periods(self):
        rec = Recurrence(date(2026, 1, 31), unit="month", day=31)
        first, second = list(rec.periods(limit=2))
        self.assertEqual((first.start, first.end), (date(2026, 1, 31), date(2026, 2, 27)))
        self.assertEqual((second.start, second.end), (date(2026, 2, 28), date(2026, 3, 30)))
        rec = Recurrence(date(2026, 1, 1), unit="month", day=1)
        first = next(rec.periods())
        self.assertEqual(
            (first.start, first.end, first.invoice_date), (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 1))
        )

    def test_postpaid_periods(self):
        rec = Recurrence(date(2026, 1, 15), unit="month", day=None, prepaid=False)
        first, second = list(rec.periods(limit=2))
        self.assertEqual(
            (first.start, first.end, first.invoice_date), (date(2026, 1, 15), date(2026, 1, 31), date(2026, 1, 31))
        )
        self.assertEqual((second.start, second.end), (date(2026, 2, 1), date(2026, 2, 28)))

    def test_end_date_and_count(self):
        rec = Recurrence(date(2026, 1, 1), unit="month", day=1, end=date(2026, 3, 15))
        periods = list(rec.periods())
        self.assertEqual([p.invoice_date for p in periods], [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)])
        self.assertEqual(periods[-1].end, date(2026, 3, 15))
        rec = Recurrence(date(2026, 1, 1), unit="month", day=1, count=2)
        self.assertEqual(len(list(rec.periods())), 2)

    def test_until(self):
        rec = Recurrence(date(2026, 1, 1), unit="month", day=1)
        self.assertEqual(len(list(rec.periods(until=date(2026, 3, 1)))), 3)
        self.assertEqual(len(list(rec.periods(until=date(2025, 12, 31)))), 0)

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), interval=0)
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), interval=-1)
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), day=32)
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), day=0)
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), end=date(2025, 12, 31))
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), interval=1.5)
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), count=0)
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), short="half")
        with self.assertRaises(ValueError):
            Recurrence(date(2026, 1, 1), unit="fortnight")
