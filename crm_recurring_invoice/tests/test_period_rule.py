"""The period rule of the readme and ``recurrence.py``, over every unit, both modes, a start on
and off the invoicing day, an end inside a period, day 31 and last day (issue 9, cases 1-2)."""

from datetime import date as D

from odoo.tests import BaseCase, tagged

from ..models.recurrence import Recurrence, unbilled


def spans(recurrence, count=None, until=None):
    """(start, end, invoice date) of the billed periods."""
    return [(p.start, p.end, p.invoice_date) for p in recurrence.periods(until=until, limit=count)]


@tagged("at_install", "-post_install")
class TestPeriodRule(BaseCase):
    def test_issue_case_1_prepaid_start_off_the_invoicing_day(self):
        """Start 7 Nov, invoicing day 1, run on 2 Dec: 7-30 Nov on 7 Nov (24/30), then December."""
        rec = Recurrence(D(2026, 11, 7), unit="month", day=1)
        periods = list(rec.periods(until=D(2026, 12, 2)))
        self.assertEqual(
            [(p.start, p.end, p.invoice_date) for p in periods],
            [(D(2026, 11, 7), D(2026, 11, 30), D(2026, 11, 7)), (D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 1))],
        )
        self.assertTrue(periods[0].is_short)
        self.assertAlmostEqual(periods[0].ratio, 0.8)
        self.assertFalse(periods[1].is_short)
        self.assertEqual(periods[1].ratio, 1.0)

    def test_issue_case_2_postpaid_never_a_one_day_period(self):
        """Post-paid from 1 Jan, run on 2 Mar: 1-31 Jan on 1 Feb, 1-28 Feb on 1 Mar."""
        rec = Recurrence(D(2026, 1, 1), unit="month", day=1, prepaid=False)
        self.assertEqual(
            spans(rec, until=D(2026, 3, 2)),
            [(D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 1)), (D(2026, 2, 1), D(2026, 2, 28), D(2026, 3, 1))],
        )
        self.assertFalse(any(p.is_short for p in rec.periods(until=D(2026, 3, 2))))

    def test_days(self):
        origin = D(2026, 3, 2)
        on = Recurrence(origin, interval=3, unit="day", origin=origin)
        self.assertEqual(
            spans(on, 2), [(D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 2)), (D(2026, 3, 5), D(2026, 3, 7), D(2026, 3, 5))]
        )
        on_post = Recurrence(origin, interval=3, unit="day", origin=origin, prepaid=False)
        self.assertEqual(
            spans(on_post, 2),
            [(D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 5)), (D(2026, 3, 5), D(2026, 3, 7), D(2026, 3, 8))],
        )
        off = Recurrence(D(2026, 3, 3), interval=3, unit="day", origin=origin)
        first, second = off.periods(limit=2)
        self.assertEqual((first.start, first.end, first.invoice_date), (D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 3)))
        self.assertAlmostEqual(first.ratio, 2 / 3)
        self.assertEqual((second.start, second.invoice_date), (D(2026, 3, 5), D(2026, 3, 5)))
        off_post = Recurrence(D(2026, 3, 3), interval=3, unit="day", origin=origin, prepaid=False)
        self.assertEqual(
            spans(off_post, 2),
            [(D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 5)), (D(2026, 3, 5), D(2026, 3, 7), D(2026, 3, 8))],
        )

    def test_weeks(self):
        monday = D(2026, 3, 2)
        on = Recurrence(monday, unit="week", origin=monday)
        self.assertEqual(
            spans(on, 2),
            [(D(2026, 3, 2), D(2026, 3, 8), D(2026, 3, 2)), (D(2026, 3, 9), D(2026, 3, 15), D(2026, 3, 9))],
        )
        off = Recurrence(D(2026, 3, 4), unit="week", origin=monday)
        first = next(off.periods())
        self.assertEqual((first.start, first.end, first.invoice_date), (D(2026, 3, 4), D(2026, 3, 8), D(2026, 3, 4)))
        self.assertAlmostEqual(first.ratio, 5 / 7)
        off_post = Recurrence(D(2026, 3, 4), unit="week", origin=monday, prepaid=False)
        self.assertEqual(
            spans(off_post, 2),
            [(D(2026, 3, 4), D(2026, 3, 8), D(2026, 3, 9)), (D(2026, 3, 9), D(2026, 3, 15), D(2026, 3, 16))],
        )

    def test_months(self):
        on = Recurrence(D(2026, 1, 1), unit="month", day=1)
        self.assertEqual(
            spans(on, 2),
            [(D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 1)), (D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 1))],
        )
        off_post = Recurrence(D(2026, 11, 7), unit="month", day=1, prepaid=False)
        self.assertEqual(
            spans(off_post, 2),
            [(D(2026, 11, 7), D(2026, 11, 30), D(2026, 12, 1)), (D(2026, 12, 1), D(2026, 12, 31), D(2027, 1, 1))],
        )
        on_15 = Recurrence(D(2026, 1, 15), unit="month", day=15, prepaid=False)
        self.assertEqual(spans(on_15, 1), [(D(2026, 1, 15), D(2026, 2, 14), D(2026, 2, 15))])

    def test_quarters_follow_the_template_calendar(self):
        origin = D(2026, 1, 1)
        on = Recurrence(origin, unit="quarter", day=1, origin=origin)
        self.assertEqual(
            spans(on, 2),
            [(D(2026, 1, 1), D(2026, 3, 31), D(2026, 1, 1)), (D(2026, 4, 1), D(2026, 6, 30), D(2026, 4, 1))],
        )
        off = Recurrence(D(2026, 2, 15), unit="quarter", day=1, origin=origin)
        first, second = off.periods(limit=2)
        self.assertEqual((first.start, first.end, first.invoice_date), (D(2026, 2, 15), D(2026, 3, 31), D(2026, 2, 15)))
        self.assertAlmostEqual(first.ratio, 0.5)  # 45 of 90 days
        self.assertEqual(
            (second.start, second.end, second.invoice_date), (D(2026, 4, 1), D(2026, 6, 30), D(2026, 4, 1))
        )
        off_post = Recurrence(D(2026, 2, 15), unit="quarter", day=1, origin=origin, prepaid=False)
        self.assertEqual(
            spans(off_post, 2),
            [(D(2026, 2, 15), D(2026, 3, 31), D(2026, 4, 1)), (D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 1))],
        )
        # a customer joining in May keeps the template's quarters (Jan, Apr, Jul, Oct)
        may = Recurrence(D(2026, 5, 15), unit="quarter", day=1, origin=origin)
        self.assertEqual(
            spans(may, 2),
            [(D(2026, 5, 15), D(2026, 6, 30), D(2026, 5, 15)), (D(2026, 7, 1), D(2026, 9, 30), D(2026, 7, 1))],
        )

    def test_years(self):
        origin = D(2026, 1, 1)
        on = Recurrence(origin, unit="year", day=1, origin=origin)
        self.assertEqual(
            spans(on, 2),
            [(D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1)), (D(2027, 1, 1), D(2027, 12, 31), D(2027, 1, 1))],
        )
        off_post = Recurrence(D(2026, 7, 1), unit="year", day=1, origin=origin, prepaid=False)
        first = next(off_post.periods())
        self.assertEqual((first.start, first.end, first.invoice_date), (D(2026, 7, 1), D(2026, 12, 31), D(2027, 1, 1)))
        self.assertAlmostEqual(first.ratio, 184 / 365)
        off = Recurrence(D(2026, 7, 1), unit="year", day=1, origin=origin)
        self.assertEqual(next(off.periods()).invoice_date, D(2026, 7, 1))

    def test_end_inside_a_period(self):
        pre = Recurrence(D(2026, 1, 1), unit="month", day=1, end=D(2026, 3, 15))
        last = list(pre.periods())[-1]
        self.assertEqual((last.start, last.end, last.invoice_date), (D(2026, 3, 1), D(2026, 3, 15), D(2026, 3, 1)))
        self.assertAlmostEqual(last.ratio, 15 / 31)
        post = Recurrence(D(2026, 1, 1), unit="month", day=1, end=D(2026, 3, 15), prepaid=False)
        last = list(post.periods())[-1]
        self.assertEqual((last.start, last.end, last.invoice_date), (D(2026, 3, 1), D(2026, 3, 15), D(2026, 4, 1)))
        weekly = Recurrence(D(2026, 3, 2), unit="week", end=D(2026, 3, 10))
        self.assertEqual(
            spans(weekly),
            [(D(2026, 3, 2), D(2026, 3, 8), D(2026, 3, 2)), (D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 9))],
        )

    def test_day_31(self):
        pre = Recurrence(D(2026, 1, 1), unit="month", day=31)
        self.assertEqual(
            spans(pre, 4),
            [
                (D(2026, 1, 1), D(2026, 1, 30), D(2026, 1, 1)),
                (D(2026, 1, 31), D(2026, 2, 27), D(2026, 1, 31)),
                (D(2026, 2, 28), D(2026, 3, 30), D(2026, 2, 28)),
                (D(2026, 3, 31), D(2026, 4, 29), D(2026, 3, 31)),
            ],
        )
        post = Recurrence(D(2026, 1, 31), unit="month", day=31, prepaid=False)
        self.assertEqual(
            spans(post, 2),
            [(D(2026, 1, 31), D(2026, 2, 27), D(2026, 2, 28)), (D(2026, 2, 28), D(2026, 3, 30), D(2026, 3, 31))],
        )

    def test_last_day(self):
        post = Recurrence(D(2026, 1, 15), unit="month", day=None, prepaid=False)
        first, second = post.periods(limit=2)
        self.assertEqual((first.start, first.end, first.invoice_date), (D(2026, 1, 15), D(2026, 1, 31), D(2026, 1, 31)))
        self.assertAlmostEqual(first.ratio, 17 / 31)
        self.assertEqual(
            (second.start, second.end, second.invoice_date), (D(2026, 2, 1), D(2026, 2, 28), D(2026, 2, 28))
        )
        pre = Recurrence(D(2024, 1, 1), unit="month", day=None)
        self.assertEqual(
            spans(pre, 3),
            [
                (D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 1)),
                (D(2024, 2, 1), D(2024, 2, 29), D(2024, 1, 31)),
                (D(2024, 3, 1), D(2024, 3, 31), D(2024, 2, 29)),
            ],
        )

    def test_short_period_policies(self):
        skip = Recurrence(D(2026, 11, 7), unit="month", day=1, short="skip", count=2)
        self.assertEqual(
            spans(skip),
            [(D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 1)), (D(2027, 1, 1), D(2027, 1, 31), D(2027, 1, 1))],
        )
        self.assertEqual([p.index for p in skip.periods()], [0, 1])
        full = Recurrence(D(2026, 11, 7), unit="month", day=1, short="full")
        first = next(full.periods())
        self.assertEqual((first.start, first.end), (D(2026, 11, 7), D(2026, 11, 30)))
        self.assertTrue(first.is_short)
        # a count counts invoices, the short first one included
        counted = Recurrence(D(2026, 11, 7), unit="month", day=1, count=2)
        self.assertEqual([p.invoice_date for p in counted.periods()], [D(2026, 11, 7), D(2026, 12, 1)])

    def test_ledger_of_an_earlier_rule_never_bills_a_day_twice(self):
        """The old post-paid rule billed 1-1 Jan and 2 Jan-1 Feb; the new periods are whole
        months: January is wholly billed, February only from 2 Feb."""
        billed = [(D(2026, 1, 1), D(2026, 1, 1)), (D(2026, 1, 2), D(2026, 2, 1))]
        january, february, march = Recurrence(D(2026, 1, 1), unit="month", day=1, prepaid=False).periods(limit=3)
        self.assertIsNone(unbilled(january, billed))
        left = unbilled(february, billed)
        self.assertEqual((left.start, left.end, left.invoice_date), (D(2026, 2, 2), D(2026, 2, 28), D(2026, 3, 1)))
        self.assertAlmostEqual(left.ratio, 27 / 28)
        self.assertIs(unbilled(march, billed), march)
        # a row covering the end of a period cuts it there
        cut = unbilled(march, [(D(2026, 3, 20), D(2026, 4, 19))])
        self.assertEqual((cut.start, cut.end), (D(2026, 3, 1), D(2026, 3, 19)))
        # a deleted ledger row leaves exactly its days to bill again
        again = unbilled(january, billed[1:])
        self.assertEqual((again.start, again.end), (D(2026, 1, 1), D(2026, 1, 1)))
        self.assertIs(unbilled(january, []), january)
