"""When the daily dunning run next starts, for a time of day in a time zone (pure logic)."""

from datetime import datetime, time, timedelta

import pytz


def next_run_at(now, hour, tz_name):
    """The first moment after ``now`` at ``hour`` o'clock in ``tz_name``, as naive UTC.

    :param now: naive UTC datetime
    :param hour: time of day as hours (6.5 is 06:30), 0 <= hour < 24
    :param tz_name: an IANA time zone name (e.g. ``Europe/Warsaw``); empty means UTC
    :return: naive UTC datetime; a local time skipped by a daylight-saving change falls on
        the hour after, one repeated counts once (the second, in standard time)
    """
    tz = pytz.timezone(tz_name or "UTC")
    minutes = round(hour * 60)
    at = time(minutes // 60, minutes % 60)
    local_now = pytz.utc.localize(now).astimezone(tz)
    day = local_now.date()
    for _attempt in range(3):
        candidate = tz.normalize(tz.localize(datetime.combine(day, at), is_dst=False))
        if candidate > local_now:
            return candidate.astimezone(pytz.utc).replace(tzinfo=None)
        day += timedelta(days=1)
    raise AssertionError("unreachable: a day later is always after now")
