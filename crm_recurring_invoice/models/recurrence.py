"""Date arithmetic of recurring templates, in plain Python (no ORM) so it can be unit tested alone.

The period rule (the readme says the same in users' words):

1. **The billing calendar.** A template cuts time into periods of N units. Period boundaries
   ``G(j)`` are computed by index from one origin, never by adding an interval to the previous
   date (so "day 31" stays on 31 Jan, 28/29 Feb, 31 Mar ... and never drifts to the 28th):

   * days and weeks: ``G(j) = origin + j * N days/weeks``, the origin being the template's start;
   * months, quarters, years on a fixed day D: day D of every N-th month (a day past the month's
     end is its last day), in step with the first such day on or after the template's start;
   * "last day of month": periods are whole calendar months (quarters, years): ``G(j)`` is the
     1st of the month and the invoicing day is the day before, the last day of a month.

   The *invoicing days* are ``I(j) = G(j)``, or ``G(j) - 1 day`` for "last day of month".

2. **What a customer is billed for.** Every period that overlaps the customer's own
   ``[start, end]`` is billed, clipped to it: exactly the days they were a customer. A clipped
   period is *short*; the template's short-period policy prorates its price by days (default),
   bills it in full, or skips it.

3. **When.** Pre-paid (in advance): a period ``[G(k), G(k+1) - 1]`` is invoiced on ``I(k)``, the
   last invoicing day on or before its first day, but never before the customer's start (a first
   short period is invoiced on the start date). Post-paid (for the past period): on ``I(k+1)``,
   the first invoicing day on or after its last day.

Examples, monthly on day 1: pre-paid, start 7 Nov: 7-30 Nov invoiced on 7 Nov (24/30 of the
price), December on 1 Dec. Post-paid, start 1 Jan: 1-31 Jan invoiced on 1 Feb, February on 1 Mar.
"Last day of month", post-paid: January invoiced on 31 Jan; pre-paid: February on 31 Jan.
"""

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

UNITS = ("day", "week", "month", "quarter", "year")
MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}
MONTH_UNITS = tuple(MONTHS_PER_UNIT)  # the units with a day of month
SHORT_POLICIES = ("prorate", "full", "skip")


@dataclass(frozen=True)
class Period:
    """One billed period.

    :param index: its position among the customer's periods (0 = the first)
    :param start: first day billed
    :param end: last day billed (inclusive)
    :param invoice_date: the date of its invoice
    :param full_start: first day of the calendar period it belongs to
    :param full_end: last day of that calendar period
    """

    index: int
    start: date
    end: date
    invoice_date: date
    full_start: date = None
    full_end: date = None

    @property
    def is_short(self):
        """True when the customer's start or end cuts the calendar period."""
        return self.full_start is not None and (self.start, self.end) != (self.full_start, self.full_end)

    @property
    def ratio(self):
        """Days billed / days of the calendar period (1.0 for a full period)."""
        if not self.is_short:
            return 1.0
        return ((self.end - self.start).days + 1) / ((self.full_end - self.full_start).days + 1)


def last_day(year, month):
    return calendar.monthrange(year, month)[1]


def _month_add(year, month, months):
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def _month_diff(later, earlier):
    """Months from ``earlier`` (year, month) to ``later``."""
    return (later[0] - earlier[0]) * 12 + later[1] - earlier[1]


def day_in_month(year, month, day=None):
    """The date of ``day`` in the given month; a day past the month's end (or ``None``, meaning
    "last day of month") gives the month's last day."""
    end = last_day(year, month)
    return date(year, month, end if day is None else min(day, end))


class Recurrence:
    """The periods and invoice dates of one customer of a template (see the module docstring).

    :param start: first day the customer is billed for
    :param interval: N in "every N units", >= 1
    :param unit: one of ``UNITS``
    :param day: for month/quarter/year units, the invoicing day of month 1-31 (31 = last day of
        short months) or ``None`` for "last day of month"; ignored for days and weeks
    :param end: last day the customer is billed for (inclusive) or ``None``
    :param count: number of invoices or ``None``
    :param prepaid: True when invoicing in advance, False for the past period
    :param origin: the template's start, which fixes the billing calendar (default ``start``)
    :param short: short-period policy, one of ``SHORT_POLICIES``; ``"skip"`` leaves short
        periods out, the other two are pricing matters for the caller (:attr:`Period.ratio`)
    """

    def __init__(
        self,
        start,
        interval=1,
        unit="month",
        day=None,
        end=None,
        count=None,
        prepaid=True,
        origin=None,
        short="prorate",
    ):
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}")
        if not isinstance(interval, int) or interval < 1:
            raise ValueError("the interval must be a whole number of at least 1")
        if day is not None and not 1 <= day <= 31:
            raise ValueError("the day of month must be between 1 and 31")
        if end is not None and end < start:
            raise ValueError("the end date is before the start date")
        if count is not None and count < 1:
            raise ValueError("the number of invoices must be at least 1")
        if short not in SHORT_POLICIES:
            raise ValueError(f"unknown short-period policy {short!r}")
        origin = start if origin is None or origin > start else origin
        self.start = start
        self.interval = interval
        self.unit = unit
        self.day = day
        self.end = end
        self.count = count
        self.prepaid = prepaid
        self.short = short
        self.offset = timedelta(0)
        if unit in MONTHS_PER_UNIT:
            self.step = interval * MONTHS_PER_UNIT[unit]
            self.boundary_day = day
            if day is None:  # last day of month: calendar months, invoiced on the day before
                self.boundary_day = 1
                self.offset = timedelta(days=1)
            # the grid is in step with the first boundary on or after the template's start
            base = (origin.year, origin.month)
            if day_in_month(*base, self.boundary_day) < origin:
                base = _month_add(*base, 1)
            self.base = base
            # j0: the last boundary on or before the customer's start
            j = _month_diff((start.year, start.month), base) // self.step
            while self._boundary(j + 1) <= start:
                j += 1
            while self._boundary(j) > start:
                j -= 1
        else:
            self.step = timedelta(days=interval * (7 if unit == "week" else 1))
            self.origin = origin
            j = (start - origin).days // self.step.days
        self.first = j

    def _boundary(self, j):
        """G(j), the first day of the j-th calendar period (any integer j)."""
        if self.unit in MONTHS_PER_UNIT:
            year, month = _month_add(*self.base, j * self.step)
            return day_in_month(year, month, self.boundary_day)
        return self.origin + j * self.step

    def _invoicing_day(self, j):
        """I(j): G(j), or the day before it for "last day of month"."""
        return self._boundary(j) - self.offset

    def _calendar_period(self, k):
        """The k-th period of this customer, clipped, without the count or skip rules, or
        ``None`` when it starts after the end."""
        j = self.first + k
        full_start, full_end = self._boundary(j), self._boundary(j + 1) - timedelta(days=1)
        start = max(full_start, self.start)
        end = full_end if self.end is None else min(full_end, self.end)
        if start > end:
            return None
        if self.prepaid:
            invoice_date = max(self._invoicing_day(j), self.start)
        else:
            invoice_date = self._invoicing_day(j + 1)
        return Period(k, start, end, invoice_date, full_start, full_end)

    def periods(self, until=None, limit=None):
        """Yield the billed periods in order while their invoice date is <= ``until`` (all when
        None; then ``limit``, an end or a count must bound them). Indexes count billed periods."""
        k = produced = 0
        while limit is None or produced < limit:
            if self.count is not None and produced >= self.count:
                return
            period = self._calendar_period(k)
            k += 1
            if period is None or (until is not None and period.invoice_date > until):
                return
            if self.short == "skip" and period.is_short:
                continue
            if period.index != produced:
                period = Period(
                    produced, period.start, period.end, period.invoice_date, period.full_start, period.full_end
                )
            yield period
            produced += 1


def unbilled(period, billed):
    """The part of ``period`` that no ledger row bills yet, or ``None`` when none is left.

    Under this rule a period is either wholly in the ledger (same start) or not at all; a
    ledger written under an earlier rule (or by hand) may cover some of its days, and those
    are never billed twice: the period then starts after them, or ends before them, and is
    short (priced by the template's short-period policy).

    :param period: a :class:`Period`
    :param billed: the ``(start, end)`` pairs in the customer's ledger
    """
    start, end = period.start, period.end
    for billed_start, billed_end in sorted(billed):
        if billed_end < start or billed_start > end:
            continue
        if billed_start <= start:
            start = billed_end + timedelta(days=1)
        else:
            end = billed_start - timedelta(days=1)
        if start > end:
            return None
    if (start, end) == (period.start, period.end):
        return period
    return replace(period, start=start, end=end)
