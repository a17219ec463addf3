"""Installments in the ledger, and interest prescription for the shipped Polish tables (18.0.1.3.0).

The ledger's key became (invoice, installment due date, level, action), so that an invoice in
installments goes through the levels again for each one. Rows and invoices dunned before have no
installment date: they get the earliest due date of the invoice's installments, the one a run
before this version dunned (a single-installment invoice, almost all of them, has only that one).

The tables ship as ``noupdate`` data, so an upgrade does not write the two new fields on them:
PL-TH and PL-KC get the civil code's three years ending with the calendar year (art. 118), unless
an accountant already set a prescription of their own.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

POLISH_TABLES = ("crm_dunning.interest_table_pl_commercial", "crm_dunning.interest_table_pl_civil")


def migrate(cr, version):
    if not version:
        return
    _installment_dates(cr)
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    for xmlid in POLISH_TABLES:
        table = env.ref(xmlid, raise_if_not_found=False)
        if table and not table.prescription_years:
            table.write({"prescription_years": 3, "prescription_year_end": True})


def _installment_dates(cr):
    cr.execute(
        SQL(
            """
            WITH first_due AS (
                SELECT move_id, MIN(date_maturity) AS due
                  FROM account_move_line
                 WHERE display_type = 'payment_term' AND date_maturity IS NOT NULL
              GROUP BY move_id
            )
            UPDATE crm_dunning_ledger g SET due_date = f.due
              FROM first_due f
             WHERE f.move_id = g.move_id AND g.due_date IS NULL
            """
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE account_move am SET dunning_due_date = g.due
              FROM (SELECT move_id, MIN(due_date) AS due FROM crm_dunning_ledger GROUP BY move_id) g
             WHERE g.move_id = am.id AND am.dunning_level_id IS NOT NULL AND am.dunning_due_date IS NULL
            """
        )
    )
