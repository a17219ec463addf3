"""The parameters of the dunning reports' SQL views: the day they are computed for and the
effectiveness window.

A view cannot take arguments, and ``CURRENT_DATE`` is the database server's day in UTC, not the
user's (nor a frozen test clock). The report models therefore hand both values to PostgreSQL as
transaction-local settings right before each of their queries; the views read them with
``current_setting(..., true)`` and fall back to ``CURRENT_DATE`` and 14 days when unset.
"""

from odoo import fields
from odoo.tools import SQL

DATE_SETTING = "crm_dunning.report_date"
DAYS_SETTING = "crm_dunning.effect_days"
DEFAULT_EFFECT_DAYS = 14
# reads in the views: the report day and the effectiveness window
SQL_REPORT_DATE = f"COALESCE(NULLIF(current_setting('{DATE_SETTING}', true), '')::date, CURRENT_DATE)"
SQL_EFFECT_DAYS = f"COALESCE(NULLIF(current_setting('{DAYS_SETTING}', true), '')::int, {DEFAULT_EFFECT_DAYS})"


def effect_days(env):
    """The effectiveness window of ``env``'s report: the ``dunning_effect_days`` of the action's
    context (the Dunning Reports wizard sets it), else 14 days."""
    days = env.context.get("dunning_effect_days")
    return int(days) if days else DEFAULT_EFFECT_DAYS


def set_report_params(records):
    """Hand the report day (today in the user's time zone) and the effectiveness window of
    ``records``' environment to the views, for the rest of the transaction."""
    env = records.env
    env.flush_all()  # the views read the invoices, ledger and customers straight from the tables
    env.cr.execute(
        SQL(
            "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
            DATE_SETTING,
            fields.Date.to_string(fields.Date.context_today(records)),
            DAYS_SETTING,
            str(effect_days(env)),
        )
    )


def local_datetime(record, value):
    """``value`` (naive UTC) in the user's time zone, naive again (xlsx has no time zones)."""
    if not value:
        return False
    return fields.Datetime.context_timestamp(record, value).replace(tzinfo=None)


class ReportParamsMixin:
    """Hands the report day and window to the views before every read of a report model.

    Put before ``models.Model`` in the bases of a report model whose view reads
    :data:`SQL_REPORT_DATE` or :data:`SQL_EFFECT_DAYS`.
    """

    def _search(self, domain, offset=0, limit=None, order=None):
        self.invalidate_model()  # rows computed for another day or window must not be reused
        set_report_params(self)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _fetch_query(self, query, fields):
        set_report_params(self)
        return super()._fetch_query(query, fields)
