"""The Przypominacz's time arithmetic, kept out of the ORM so that it is tested alone.

Every datetime the engine handles is naive UTC, as Odoo stores it. A user's local time enters
only where the rules speak of it: which day is "today", when his working day starts (a
deadline without a time falls due then), and whether it is within his working hours (pop-ups
and the digest wait for them). Nothing here reads the database or the clock: ``now`` is
always given.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import pytz

# The units of a lead time (a source's and a user's), and minutes per unit.
LEAD_UNIT_SELECTION = [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")]
LEAD_UNITS = {"minutes": 1, "hours": 60, "days": 1440}
# No lead time reaches further: a year ahead is as far as a reminder is meant to look.
MAX_LEAD = timedelta(days=366)
# Items whose deadline lies this far ahead are listed as "upcoming" even when the lead time
# is shorter, so that the list shows what the day still holds.
UPCOMING_HORIZON = timedelta(days=1)
STAMP_FORMAT = "%Y%m%d%H%M%S"


def lead_delta(amount, unit):
    """``amount`` ``unit`` (a key of LEAD_UNITS) as a timedelta, cut to 0..MAX_LEAD so that
    no stored value can overflow the date arithmetic (the settings refuse such values)."""
    minutes = min(max(amount, 0) * LEAD_UNITS[unit], MAX_LEAD // timedelta(minutes=1))
    return timedelta(minutes=minutes)


def lead_in_range(amount, unit):
    """Whether ``amount`` ``unit`` is a lead time a setting may hold (0 to MAX_LEAD)."""
    return unit in LEAD_UNITS and 0 <= amount * LEAD_UNITS[unit] <= MAX_LEAD // timedelta(minutes=1)


def window_end(now, lead):
    """The latest deadline a list made at ``now`` shows, for items of lead time ``lead``."""
    return now + max(lead, UPCOMING_HORIZON)


def to_local(value, tz_name):
    """Naive UTC datetime ``value`` as a naive datetime in zone ``tz_name`` (UTC when empty);
    a date (no time of day) is returned as it is."""
    if not isinstance(value, datetime):
        return value
    return pytz.utc.localize(value).astimezone(pytz.timezone(tz_name or "UTC")).replace(tzinfo=None)


def hour_of_day(value):
    """The time of day of ``value`` in hours, e.g. 8.5 for 8:30."""
    return value.hour + value.minute / 60


def day_start_function(tz_name, hour_from):
    """A function mapping a local date to the naive UTC start of that working day, the
    working day starting at ``hour_from`` hours (e.g. 8.5 = 8:30) in zone ``tz_name``."""
    tz = pytz.timezone(tz_name or "UTC")
    hours = int(hour_from)
    start = time(hours, round((hour_from - hours) * 60) % 60)

    def day_start(day: date):
        return tz.localize(datetime.combine(day, start)).astimezone(pytz.utc).replace(tzinfo=None)

    return day_start


@lru_cache(maxsize=4096)
def deadline_stamp(deadline):
    """``(text, compact)`` of naive UTC ``deadline``: ``"YYYY-MM-DD HH:MM:SS"`` as the API
    shows it and ``"YYYYMMDDHHMMSS"`` as reminder keys hold it. Cached: a list of thousands
    of entries has only a few distinct deadlines."""
    text = deadline.isoformat(" ", "seconds")
    return text, text.replace("-", "").replace(":", "").replace(" ", "")


def parse_stamp(compact):
    """The naive UTC datetime of a key's ``"YYYYMMDDHHMMSS"`` stamp.

    :raise ValueError: not such a stamp
    """
    if len(compact) != 14 or not compact.isdigit():
        raise ValueError(f"{compact!r} is not a deadline stamp")
    return datetime.strptime(compact, STAMP_FORMAT)


@dataclass
class ReminderClock:
    """One user's clock at one moment: what the engine needs to place deadlines for him.

    :param now: the moment, naive UTC
    :param tz_name: the user's time zone (UTC when empty)
    :param hour_from: start of his working day, in hours (8.5 = 8:30), local
    :param hour_to: end of his working day, in hours, local
    :param lead: his own lead time (sources may have their own)
    """

    now: datetime
    tz_name: str | None
    hour_from: float
    hour_to: float
    lead: timedelta
    _day_starts: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.local_now = to_local(self.now, self.tz_name)
        self.today = self.local_now.date()
        self._day_start = day_start_function(self.tz_name, self.hour_from)

    @property
    def working(self):
        """Whether ``now`` lies within the user's working hours."""
        return self.hour_from <= hour_of_day(self.local_now) < self.hour_to

    def local(self, value):
        """Naive UTC ``value`` in the user's time zone (naive); a date as it is."""
        return to_local(value, self.tz_name)

    def day_start(self, day):
        """Naive UTC start of the user's working day ``day`` (a local date); cached."""
        start = self._day_starts.get(day)
        if start is None:
            start = self._day_starts[day] = self._day_start(day)
        return start

    def place(self, deadline, all_day=False):
        """``(deadline, overdue)`` of a source's deadline for this user.

        A date, or a datetime flagged ``all_day``, falls due at the start of the user's
        working day and is overdue from the next (local) day on; a datetime is overdue once
        passed. The deadline returned is always a naive UTC datetime.
        """
        if all_day or not isinstance(deadline, datetime):
            day = deadline.date() if isinstance(deadline, datetime) else deadline
            return self.day_start(day), day < self.today
        return deadline, deadline < self.now

    def is_due(self, deadline, lead):
        """Whether a reminder of ``deadline`` with lead time ``lead`` has fallen due."""
        return deadline - lead <= self.now
