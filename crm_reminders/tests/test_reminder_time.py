"""The Przypominacz's pure time arithmetic (models/reminder_time.py), tested alone."""

from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..models.reminder_time import (
    LEAD_UNIT_SELECTION,
    LEAD_UNITS,
    MAX_LEAD,
    ReminderClock,
    day_start_function,
    deadline_stamp,
    lead_delta,
    lead_in_range,
    parse_stamp,
    to_local,
    window_end,
)


def clock(now, tz="Europe/Warsaw", hour_from=8.0, hour_to=17.0, lead=timedelta(minutes=15)):
    return ReminderClock(now=now, tz_name=tz, hour_from=hour_from, hour_to=hour_to, lead=lead)


@tagged("at_install", "-post_install")
class TestReminderTime(BaseCase):
    def test_lead_units(self):
        self.assertEqual(lead_delta(15, "minutes"), timedelta(minutes=15))
        self.assertEqual(lead_delta(3, "hours"), timedelta(hours=3))
        self.assertEqual(lead_delta(2, "days"), timedelta(days=2))
        self.assertEqual(lead_delta(0, "days"), timedelta(0))

    def test_lead_never_overflows(self):
        """A stored value beyond the range (from before the check) is cut, never an
        OverflowError in every list."""
        self.assertEqual(lead_delta(10**12, "days"), MAX_LEAD)
        self.assertEqual(lead_delta(-5, "hours"), timedelta(0))
        self.assertTrue(lead_in_range(366, "days"))
        self.assertTrue(lead_in_range(366 * 24, "hours"))
        self.assertFalse(lead_in_range(367, "days"))
        self.assertFalse(lead_in_range(-1, "minutes"))
        self.assertFalse(lead_in_range(1, "weeks"))

    def test_window_end_is_at_least_a_day(self):
        now = datetime(2026, 3, 2, 10, 0)
        self.assertEqual(window_end(now, timedelta(minutes=15)), datetime(2026, 3, 3, 10, 0))
        self.assertEqual(window_end(now, timedelta(days=3)), datetime(2026, 3, 5, 10, 0))

    def test_local_time_across_dst(self):
        self.assertEqual(to_local(datetime(2026, 3, 2, 10, 0), "Europe/Warsaw"), datetime(2026, 3, 2, 11, 0))
        self.assertEqual(to_local(datetime(2026, 7, 2, 10, 0), "Europe/Warsaw"), datetime(2026, 7, 2, 12, 0))
        self.assertEqual(to_local(datetime(2026, 7, 2, 10, 0), None), datetime(2026, 7, 2, 10, 0))
        self.assertEqual(to_local(date(2026, 7, 2), "Europe/Warsaw"), date(2026, 7, 2), "a date stays a date")

    def test_start_of_the_working_day(self):
        start = day_start_function("Europe/Warsaw", 8.5)
        self.assertEqual(start(date(2026, 3, 2)), datetime(2026, 3, 2, 7, 30), "8:30 in winter (UTC+1)")
        self.assertEqual(start(date(2026, 7, 2)), datetime(2026, 7, 2, 6, 30), "8:30 in summer (UTC+2)")
        self.assertEqual(day_start_function(None, 9.0)(date(2026, 3, 2)), datetime(2026, 3, 2, 9, 0))
        # The night the clocks go forward (29 March 2026, 2:00 -> 3:00 in Warsaw).
        self.assertEqual(day_start_function("Europe/Warsaw", 8.0)(date(2026, 3, 29)), datetime(2026, 3, 29, 6, 0))

    def test_deadline_stamps(self):
        self.assertEqual(deadline_stamp(datetime(2026, 3, 2, 9, 5, 7)), ("2026-03-02 09:05:07", "20260302090507"))
        self.assertEqual(parse_stamp("20260302090507"), datetime(2026, 3, 2, 9, 5, 7))
        for bad in ("20261302090507", "2026030209050", "2026030209050x", "202603020905070"):
            with self.assertRaises(ValueError):
                parse_stamp(bad)

    def test_clock_today_and_working_hours_are_local(self):
        late = clock(datetime(2026, 3, 2, 23, 30))  # 0:30 on 3 March in Warsaw
        self.assertEqual(late.today, date(2026, 3, 3))
        self.assertFalse(late.working)
        self.assertTrue(clock(datetime(2026, 3, 2, 7, 0)).working, "8:00 in Warsaw")
        self.assertFalse(clock(datetime(2026, 3, 2, 16, 0)).working, "17:00 in Warsaw: the day is over")

    def test_place_a_day(self):
        """A day falls due when the working day starts and is overdue from the next day on."""
        monday = clock(datetime(2026, 3, 2, 10, 0))
        self.assertEqual(monday.place(date(2026, 3, 2)), (datetime(2026, 3, 2, 7, 0), False))
        self.assertEqual(monday.place(date(2026, 3, 1)), (datetime(2026, 3, 1, 7, 0), True))
        self.assertEqual(
            monday.place(datetime(2026, 3, 1, 23, 0), all_day=True),
            (datetime(2026, 3, 1, 7, 0), True),
            "an all-day datetime counts by its date",
        )

    def test_place_a_moment_and_due(self):
        now = datetime(2026, 3, 2, 10, 0)
        user_clock = clock(now)
        self.assertEqual(user_clock.place(datetime(2026, 3, 2, 9, 59)), (datetime(2026, 3, 2, 9, 59), True))
        self.assertEqual(user_clock.place(datetime(2026, 3, 2, 10, 0)), (datetime(2026, 3, 2, 10, 0), False))
        self.assertTrue(user_clock.is_due(datetime(2026, 3, 2, 10, 15), timedelta(minutes=15)))
        self.assertFalse(user_clock.is_due(datetime(2026, 3, 2, 10, 16), timedelta(minutes=15)))

    def test_lead_units_match_the_selection(self):
        self.assertEqual([unit for unit, _label in LEAD_UNIT_SELECTION], list(LEAD_UNITS))
