from datetime import timedelta
from functools import lru_cache
from itertools import pairwise

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from . import crm_dunning_interest_calc as calc

try:
    import holidays as holidays_lib
except ImportError:  # pragma: no cover - declared in external_dependencies
    holidays_lib = None


@lru_cache(maxsize=256)
def _country_holidays(country_code, year):
    """The public holidays of a country in a year (a frozenset of dates; empty when the
    ``holidays`` library does not know the country). Cached: a run computes interest for
    thousands of invoices of a few years."""
    if holidays_lib is None:
        return frozenset()
    try:
        return frozenset(holidays_lib.country_holidays(country_code, years=year))
    except NotImplementedError:
        return frozenset()


class CrmDunningInterestTable(models.Model):
    """A dated table of statutory late-payment interest rates (e.g. Poland's "odsetki ustawowe
    za opóźnienie w transakcjach handlowych"), the day count it uses, the days on which a due
    date cannot fall, and the statutory recovery-cost compensation that goes with it.

    The computation is day by day (see ``_crm_interest_periods``); the rates are data that an
    accountant extends in the UI whenever a new rate is published.
    """

    _name = "crm.dunning.interest.table"
    _description = "Interest Rate Table"
    _order = "country_id, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    country_id = fields.Many2one(
        "res.country", help="The country whose law publishes these rates; its public holidays move due dates."
    )
    company_id = fields.Many2one("res.company", index=True, help="Empty: every company may use the table.")
    active = fields.Boolean(default=True)
    day_count_basis = fields.Integer(
        string="Days in a Year",
        default=365,
        required=True,
        help="Interest for a day is the annual rate divided by this number (365 in Polish practice, "
        "360 in some contracts and countries).",
    )
    holiday_source = fields.Selection(
        [
            ("library", "Public holidays of the country"),
            ("calendar", "Company working calendar"),
        ],
        string="Non-working Days From",
        default="library",
        required=True,
        help="A due date on a Saturday, a Sunday or a public holiday moves to the next working day "
        "before interest starts (Polish civil code, art. 115). Public holidays come either from the "
        "country's official list (the 'holidays' library) or from the time off of the company's "
        "working calendar.",
    )
    note = fields.Text(string="Legal Basis")
    rate_ids = fields.One2many("crm.dunning.interest.rate", "table_id", string="Rates", copy=True)
    rate_count = fields.Integer(compute="_compute_rate_count")
    compensation_currency_id = fields.Many2one(
        "res.currency",
        string="Thresholds In",
        help="Currency of the amount thresholds of the recovery-cost compensation (PLN in Poland). "
        "Empty: the table gives no recovery-cost compensation.",
    )
    compensation_limit_low = fields.Monetary(
        string="Low Tier Up To",
        currency_field="compensation_currency_id",
        help="Amounts up to this one get the low tier.",
    )
    compensation_limit_high = fields.Monetary(
        string="High Tier From",
        currency_field="compensation_currency_id",
        help="Amounts from this one get the high tier; those between the two, the middle tier.",
    )
    prescription_years = fields.Integer(
        string="Interest Prescribes After (Years)",
        help="Interest for a day older than this is not charged any more (Poland: 3 years, civil code "
        "art. 118: claims for periodic benefits). 0: interest never prescribes.",
    )
    prescription_year_end = fields.Boolean(
        string="Prescription Ends with the Calendar Year",
        help="The prescription period ends on the last day of the calendar year (Polish civil code "
        "art. 118, second sentence, since 9 July 2018), not on the same day years later.",
    )
    compensation_eur_low = fields.Integer(string="Low Tier (EUR)")
    compensation_eur_mid = fields.Integer(string="Middle Tier (EUR)")
    compensation_eur_high = fields.Integer(string="High Tier (EUR)")

    _sql_constraints = [  # noqa: RUF012
        ("code_company_uniq", "unique(code, company_id)", "The code of an interest rate table must be unique."),
        ("prescription_positive", "CHECK(prescription_years >= 0)", "Interest prescribes after 0 years or more."),
        (
            "basis_positive",
            "CHECK(day_count_basis >= 360 AND day_count_basis <= 366)",
            "A year counts 360 to 366 days.",
        ),
    ]

    @api.depends("rate_ids")
    def _compute_rate_count(self):
        for table in self:
            table.rate_count = len(table.rate_ids)

    @api.constrains("rate_ids")
    def _check_rates(self):
        for table in self:
            table._check_rate_continuity()

    def _check_rate_continuity(self):
        """Refuse rate lines that leave a gap or overlap: interest must have exactly one rate on
        every day from the first line on. Only the last line may stay open-ended."""
        self.ensure_one()
        lines = self.rate_ids.sorted(lambda line: (line.date_from, line.id))
        for line, following in pairwise(lines):
            if not line.date_to or line.date_to >= following.date_from:
                raise ValidationError(
                    _(
                        "Interest rate table %(table)s: the rate from %(first)s overlaps the rate from "
                        "%(second)s. Each day may have one rate only; end the first one the day before.",
                        table=self.name,
                        first=format_date(self.env, line.date_from),
                        second=format_date(self.env, following.date_from),
                    )
                )
            if line.date_to + timedelta(days=1) != following.date_from:
                raise ValidationError(
                    _(
                        "Interest rate table %(table)s has no rate from %(start)s to %(end)s. "
                        "Rates must follow one another without a gap.",
                        table=self.name,
                        start=format_date(self.env, line.date_to + timedelta(days=1)),
                        end=format_date(self.env, following.date_from - timedelta(days=1)),
                    )
                )

    # --- non-working days -------------------------------------------------------------------

    def _crm_non_working_days(self, company, date_from, date_to):
        """Public holidays between ``date_from`` and ``date_to`` (a set of dates; weekends are
        always non-working and are not listed), from the source the table names."""
        self.ensure_one()
        if self.holiday_source == "calendar":
            return self._crm_calendar_holidays(company, date_from, date_to)
        country = self.country_id or company.country_id
        if not country:
            return set()
        found = set()
        for year in range(date_from.year, date_to.year + 1):
            found |= _country_holidays(country.code, year)
        return {day for day in found if date_from <= day <= date_to}

    def _crm_calendar_holidays(self, company, date_from, date_to):
        calendar = company.resource_calendar_id
        tz = pytz.timezone(calendar.tz or company.partner_id.tz or "UTC")
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    ("company_id", "in", (company.id, False)),
                    ("calendar_id", "in", (calendar.id, False)),
                    ("date_from", "<=", fields.Datetime.to_datetime(date_to) + timedelta(days=1)),
                    ("date_to", ">=", fields.Datetime.to_datetime(date_from) - timedelta(days=1)),
                ]
            )
        )
        days = set()
        for leave in leaves:
            day = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            while day <= last:
                if date_from <= day <= date_to:
                    days.add(day)
                day += timedelta(days=1)
        return days

    def _crm_holiday_window(self, company, day):
        """Non-working days in a window wide enough to move ``day`` to a working day or find the
        last working day of the month before it."""
        return self._crm_non_working_days(company, day - timedelta(days=40), day + timedelta(days=40))

    # --- interest -----------------------------------------------------------------------------

    def _crm_interest_periods(self, move, to_date, since=None):
        """Late-payment interest of one customer invoice, period by period.

        Interest runs from the day after the due date (moved first to the next working day when
        it falls on a Saturday, a Sunday or a public holiday: Polish civil code art. 115) up to
        and including the day each amount is paid, or ``to_date`` for what is still unpaid (civil
        code art. 481 § 1; act of 8 March 2013 "o przeciwdziałaniu nadmiernym opóźnieniom w
        transakcjach handlowych", art. 7 ust. 1), leaving out the days whose interest has
        prescribed by ``to_date`` (see ``_crm_first_unprescribed_day``); an invoice paid in installments counts each
        installment from its own due date. The base is what is overdue and unpaid, in the invoice
        currency; each payment or credit note reconciled with the invoice (its
        ``account.partial.reconcile``, dated by the paying entry) lowers it from the day after
        its date. A period is split wherever the base or the rate changes. Interest of a period is
        ``base * rate / 100 * days / day_count_basis``, rounded to the invoice currency.

        :param move: one posted customer invoice (``account.move``)
        :param date to_date: last day of interest for what is unpaid (included)
        :param date since: first day to charge (the day after the period an earlier interest note
            charged); ``None``: from the first day of interest
        :return: list of dicts, in date order: ``date_from`` and ``date_to`` (dates, both
            included), ``days`` (int), ``base`` (float, invoice currency), ``rate`` (float,
            annual rate in %), ``amount`` (float, interest in the invoice currency); empty when
            nothing is late
        :raise UserError: a day of the span has no rate in the table
        """
        self.ensure_one()
        move.ensure_one()
        if move.move_type != "out_invoice" or move.state != "posted" or not move.invoice_date_due:
            return []
        installments = self._crm_interest_installments(move, to_date)
        prescribed_until = self._crm_first_unprescribed_day(to_date)
        if prescribed_until and (not since or since < prescribed_until):
            since = prescribed_until
        rates = [(line.date_from, line.date_to or None, line.rate) for line in self._crm_rate_lines()]
        try:
            return calc.split_installments(
                installments, to_date, rates, self.day_count_basis, rounding=move.currency_id.round, since=since
            )
        except LookupError as error:
            raise UserError(
                _(
                    "Interest rate table %(table)s has no rate for %(day)s (invoice %(invoice)s). "
                    "Add the rate in CRM / Receivables / Interest Rate Tables.",
                    table=self.name,
                    day=format_date(self.env, error.args[0]),
                    invoice=move.name,
                )
            ) from error

    def _crm_first_unprescribed_day(self, claim_date):
        """The first day whose interest can still be claimed on ``claim_date``, or ``None`` when
        the table's interest never prescribes.

        Polish civil code art. 118: claims for periodic benefits, interest among them, prescribe
        after three years, the period ending on the last day of a calendar year (second sentence,
        in force since 9 July 2018). The interest of day D is due on D, so on ``claim_date`` N it
        is prescribed when N is after 31 December of year(D) + 3, i.e. every day before 1 January
        of year(N) - 3 (with ``prescription_year_end``), else every day before N - 3 years.

        :param date claim_date: the day interest is claimed (the note's date)
        :return: a ``date`` or ``None``
        """
        self.ensure_one()
        years = self.prescription_years
        if not years:
            return None
        if self.prescription_year_end:
            return claim_date.replace(year=claim_date.year - years, month=1, day=1)
        try:
            return claim_date.replace(year=claim_date.year - years)
        except ValueError:  # 29 February: the period ends on the last day of February
            return claim_date.replace(year=claim_date.year - years, day=28) + timedelta(days=1)

    def _crm_interest_amounts(self, moves, to_date):
        """Late-payment interest of several invoices up to ``to_date`` (see
        ``_crm_interest_periods`` for the rules and the legal source).

        :param moves: customer invoices (``account.move``); others get 0.0
        :param date to_date: last day of interest for what is unpaid (included)
        :return: ``{move.id: float}``, the sum of the rounded periods in each invoice's currency
        """
        self.ensure_one()
        return {
            move.id: move.currency_id.round(sum(p["amount"] for p in self._crm_interest_periods(move, to_date)))
            for move in moves
        }

    def _crm_rate_lines(self):
        return self.rate_ids.sorted(lambda line: (line.date_from, line.id))

    def _crm_interest_installments(self, move, to_date):
        """What of ``move`` bears interest from when, and what paid it when, in the invoice
        currency: one installment per receivable line (an invoice with a payment term in several
        installments has one line per due date).

        :return: list of ``(first day of interest, amount, [(date, amount paid), ...])``, the
            payments dated by the entry that paid (payment, bank statement line, credit note),
            those after ``to_date`` left out
        """
        receivables = move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        maturities = [line.date_maturity or move.invoice_date_due for line in receivables]
        if not maturities:
            return []
        holidays = self._crm_non_working_days(
            move.company_id, min(maturities) - timedelta(days=40), max(maturities) + timedelta(days=40)
        )
        installments = []
        for line, maturity in zip(receivables, maturities, strict=True):
            payments = sorted(
                (partial.credit_move_id.date, partial.debit_amount_currency)
                for partial in line.matched_credit_ids
                if partial.debit_amount_currency and partial.credit_move_id.date <= to_date
            )
            installments.append((calc.interest_start(maturity, holidays), line.amount_currency, payments))
        return installments

    # --- recovery-cost compensation ------------------------------------------------------

    def _crm_recovery_compensation(self, move):
        """The statutory compensation for recovery costs of this invoice (Polish act of 8 March
        2013 "o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych", art. 10
        ust. 1: 40 EUR when the amount is at most 5,000 PLN, 70 EUR above 5,000 and below
        50,000 PLN, 100 EUR from 50,000 PLN; the tiers and thresholds come from the interest
        table), converted at the rate of the last working day of the month before the month in
        which the payment was due (the NBP average rate, kept as the company's currency rates).

        :param move: one customer invoice (``account.move``)
        :return: ``{"amount": float, "currency": res.currency, "eur": int}``, the amount in the
            invoice currency
        :raise UserError: no table or no tiers, or no currency rate on the day the law names
        """
        self.ensure_one()
        move.ensure_one()
        table = self
        tier_currency = table.compensation_currency_id
        if not tier_currency:
            raise UserError(_("Interest rate table %(table)s defines no recovery-cost compensation.", table=table.name))
        company = move.company_id
        # in installments: the month the first installment fell due, when the delay began
        due = move._crm_first_due_date()
        rate_day = calc.last_working_day_before_month(due, table._crm_holiday_window(company, due))
        eur = self.env.ref("base.EUR")
        self._crm_check_rates_on(move, rate_day, eur | tier_currency | move.currency_id)
        amount_in_tiers = move.currency_id._convert(move.amount_total, tier_currency, company, rate_day)
        if tier_currency.compare_amounts(amount_in_tiers, table.compensation_limit_low) <= 0:
            amount_eur = table.compensation_eur_low
        elif tier_currency.compare_amounts(amount_in_tiers, table.compensation_limit_high) < 0:
            amount_eur = table.compensation_eur_mid
        else:
            amount_eur = table.compensation_eur_high
        return {
            "amount": eur._convert(amount_eur, move.currency_id, company, rate_day),
            "currency": move.currency_id,
            "eur": amount_eur,
        }

    def _crm_check_rates_on(self, move, day, currencies):
        """Refuse to convert when a currency other than the company's has no rate dated ``day``:
        the law names the rate of that day, an older one would give a wrong amount."""
        company = move.company_id
        for currency in currencies - company.currency_id:
            found = (
                self.env["res.currency.rate"]
                .sudo()
                .search_count(
                    [
                        ("currency_id", "=", currency.id),
                        ("name", "=", day),
                        ("company_id", "in", (company.root_id.id, False)),
                    ],
                    limit=1,
                )
            )
            if not found:
                raise UserError(
                    _(
                        "Invoice %(invoice)s: the recovery-cost compensation needs the %(currency)s rate "
                        "of %(day)s (the last working day of the month before the due date) in company "
                        "%(company)s. Add it in Accounting / Configuration / Currencies.",
                        invoice=move.name,
                        currency=currency.name,
                        day=format_date(self.env, day),
                        company=company.name,
                    )
                )
