"""Date arithmetic of recurring templates, in plain Python (no ORM) so it can be unit tested alone.

A recurrence is a list of *invoice dates* R(0), R(1), ... computed by index from one anchor, never
by adding an interval to the previous date: this is what keeps "day 31" on 31 Jan, 28/29 Feb,
31 Mar ... instead of drifting to the 28th after February (OCA contract's weakness).

Periods follow from neighbouring invoice dates:

* pre-paid (in advance): invoice R(k) covers ``[R(k), R(k+1) - 1 day]``;
* post-paid (for the past period): invoice R(k) covers ``[R(k-1) + 1 day, R(k)]``;

both clipped to the customer's start and end dates.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

UNITS = ("day", "week", "month", "quarter", "year")
MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Period:
    """One invoiced period: its index in the recurrence, the dates it covers and its invoice date."""

    index: int
    start: date
    end: date
    invoice_date: date


def last_day(year, month):
    return calendar.monthrange(year, month)[1]


def _month_add(year, month, months):
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def day_in_month(year, month, day=None):
    """The date of ``day`` in the given month; a day past the month's end (or ``None``, meaning
    "last day of month") gives the month's last day."""
    end = last_day(year, month)
    return date(year, month, end if day is None else min(day, end))


class Recurrence:
    """The invoice dates and periods of one customer of a template.

    :param start: first day the customer is invoiced for
    :param interval: N in "every N units", >= 1
    :param unit: one of ``UNITS``
    :param day: for month/quarter/year units, the day of month 1-31 (31 = last day of short
        months) or ``None`` for "last day of month"; ignored for days and weeks
    :param end: last day the customer is invoiced for (inclusive) or ``None``
    :param count: number of invoices or ``None``
    :param prepaid: True when invoicing in advance, False for the past period
    """

    def __init__(self, start, interval=1, unit="month", day=None, end=None, count=None, prepaid=True):
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        if interval < 1:
            raise ValueError("the interval must be at least 1")
        if day is not None and not 1 <= day <= 31:
            raise ValueError("the day of month must be between 1 and 31")
        if end is not None and end < start:
            raise ValueError("the end date is before the start date")
        self.start = start
        self.interval = interval
        self.unit = unit
        self.day = day
        self.end = end
        self.count = count
        self.prepaid = prepaid
        if unit in MONTHS_PER_UNIT:
            self.step = interval * MONTHS_PER_UNIT[unit]
            first = day_in_month(start.year, start.month, day)
            if first < start:
                self.anchor = _month_add(start.year, start.month, 1)
            else:
                self.anchor = (start.year, start.month)
        else:
            self.step = timedelta(days=interval * (7 if unit == "week" else 1))

    def invoice_date(self, index):
        """R(index), also for negative indexes (the post-paid first period looks one back)."""
        if self.unit in MONTHS_PER_UNIT:
            year, month = _month_add(*self.anchor, index * self.step)
            return day_in_month(year, month, self.day)
        return self.start + index * self.step

    def period(self, index):
        """The period invoiced by R(index), or ``None`` when it is past the end or the count."""
        if index < 0 or (self.count is not None and index >= self.count):
            return None
        invoice_date = self.invoice_date(index)
        if self.prepaid:
            start, end = invoice_date, self.invoice_date(index + 1) - timedelta(days=1)
        else:
            start, end = self.invoice_date(index - 1) + timedelta(days=1), invoice_date
        start = max(start, self.start)
        if self.end is not None:
            if start > self.end:
                return None
            end = min(end, self.end)
        return Period(index, start, end, invoice_date)

    def periods(self, until=None, limit=None, from_index=0):
        """Yield the periods in order while their invoice date is <= ``until`` (all when None;
        then ``limit`` or an end must bound them)."""
        index = from_index
        produced = 0
        while limit is None or produced < limit:
            period = self.period(index)
            if period is None or (until is not None and period.invoice_date > until):
                return
            yield period
            produced += 1
            index += 1
