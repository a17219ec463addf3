"""Day-by-day late-payment interest, kept out of the ORM so that it can be tested alone.

Everything here works on plain ``datetime.date`` values and floats: the ORM side
(``crm.dunning.interest.table``) gathers the rates, the payments and the non-working days and
hands them in.
"""

from datetime import timedelta
from itertools import pairwise

ONE_DAY = timedelta(days=1)


def is_working_day(day, holidays):
    """Whether ``day`` is a working day: not a Saturday, not a Sunday, not in ``holidays``."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day, holidays):
    """``day`` itself when it is a working day, else the first working day after it.

    Polish civil code art. 115: a time limit ending on a Saturday or on a day that the law
    declares free from work ends on the next day that is neither.
    """
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def last_working_day_before_month(day, holidays):
    """The last working day of the month before the month of ``day``."""
    last = day.replace(day=1) - ONE_DAY
    while not is_working_day(last, holidays):
        last -= ONE_DAY
    return last


def interest_start(due_date, holidays):
    """The first day of interest: the day after the due date, once a due date falling on a
    non-working day has been moved to the next working day."""
    return next_working_day(due_date, holidays) + ONE_DAY


def split_periods(start, end, base, payments, rates, basis, rounding=None):
    """Split ``start`` .. ``end`` (both included) into periods of one base and one rate, for one
    amount due (see :func:`split_installments`, which this calls with one installment).

    :param date start: first day of interest
    :param float base: amount due before any payment
    :param list payments: ``(date, amount)`` pairs
    """
    return split_installments([(start, base, payments)], end, rates, basis, rounding=rounding)


def split_installments(installments, end, rates, basis, rounding=None, since=None):
    """Split the days up to ``end`` into periods of one base and one rate.

    :param list installments: ``(start, amount, payments)`` triples: an amount bearing interest
        from ``start`` (its first day of interest), and its ``(date, amount)`` payments; an
        amount paid on day D still bears interest on day D and no more from D + 1 (payments
        before ``start`` reduce the amount from the start)
    :param date end: last day of interest (included)
    :param list rates: ``(date_from, date_to or None, annual rate in %)`` triples, sorted, with
        no gap nor overlap (``None``: open-ended)
    :param int basis: days in a year for the day count (365 by default in Poland, 360 elsewhere)
    :param rounding: function applied to each period's base and amount (the currency's rounding)
    :param date since: first day that may be charged (the day after the period an earlier
        interest note charged); ``None``: from the first day of interest
    :return: list of ``{"date_from", "date_to", "days", "base", "rate", "amount"}`` dicts in
        date order, one per period with a positive base (the sum of what is overdue and unpaid
        on each of its days)
    :raise LookupError: a day of the span has no rate (the day is the exception's argument)
    """
    rounding = rounding or (lambda value: value)
    installments = [item for item in installments if item[1] > 0]
    if not installments:
        return []
    start = min(item[0] for item in installments)
    if since and since > start:
        start = since
    if end < start:
        return []
    cuts = {start, end + ONE_DAY}
    for item_start, _amount, payments in installments:
        if start <= item_start <= end:
            cuts.add(item_start)
        for paid_on, _paid in payments:
            if start <= paid_on + ONE_DAY <= end:
                cuts.add(paid_on + ONE_DAY)
    for date_from, date_to, _rate in rates:
        if start < date_from <= end:
            cuts.add(date_from)
        if date_to and start <= date_to < end:
            cuts.add(date_to + ONE_DAY)
    bounds = sorted(cuts)
    segments = []
    for period_start, next_start in pairwise(bounds):
        remaining = rounding(
            sum(
                max(amount - sum(paid for paid_on, paid in payments if paid_on < period_start), 0.0)
                for item_start, amount, payments in installments
                if item_start <= period_start
            )
        )
        if remaining <= 0:
            continue
        rate = _rate_on(rates, period_start)
        last = segments[-1] if segments else None
        if last and last[1] == period_start and last[2] == remaining and last[3] == rate:
            # a rate line repeating the rate before it (as the half-yearly commercial rate
            # often does) is no reason to split a period
            last[1] = next_start
        else:
            segments.append([period_start, next_start, remaining, rate])
    periods = []
    for period_start, next_start, remaining, rate in segments:
        days = (next_start - period_start).days
        periods.append(
            {
                "date_from": period_start,
                "date_to": next_start - ONE_DAY,
                "days": days,
                "base": remaining,
                "rate": rate,
                "amount": rounding(remaining * rate / 100.0 * days / basis),
            }
        )
    return periods


def _rate_on(rates, day):
    for date_from, date_to, rate in rates:
        if date_from <= day and (not date_to or day <= date_to):
            return rate
    raise LookupError(day)


__all__ = [
    "interest_start",
    "is_working_day",
    "last_working_day_before_month",
    "next_working_day",
    "split_installments",
    "split_periods",
]
