"""Installments in the ledger, and interest prescription for the shipped Polish tables (18.0.1.3.0).

The ledger's key became (invoice, installment due date, level, action), so that an invoice in
installments goes through the levels again for each one. Rows and invoices dunned before have no
installment date: each row gets the installment a run before this version dunned, the earliest one
not yet settled on the row's day (a single-installment invoice, almost all of them, has only one),
and the invoice the installment of its latest row.

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
    # a row's installment: the earliest one not yet settled on the row's day (reconciliations
    # effective up to that day: what the run then saw as the invoice's earliest open one)
    cr.execute(
        SQL(
            """
            UPDATE crm_dunning_ledger g
               SET due_date = COALESCE(
                    (SELECT MIN(aml.date_maturity)
                       FROM account_move_line aml
                      WHERE aml.move_id = g.move_id
                        AND aml.display_type = 'payment_term'
                        AND aml.date_maturity IS NOT NULL
                        AND NOT (aml.reconciled AND COALESCE(
                                 (SELECT MAX(apr.max_date) FROM account_partial_reconcile apr
                                   WHERE apr.debit_move_id = aml.id), '1900-01-01') <= g.date::date)),
                    (SELECT MIN(aml.date_maturity)
                       FROM account_move_line aml
                      WHERE aml.move_id = g.move_id AND aml.display_type = 'payment_term'))
             WHERE g.due_date IS NULL
            """
        )
    )
    # the invoice's level is about the installment of its latest row
    cr.execute(
        SQL(
            """
            UPDATE account_move am SET dunning_due_date = g.due_date
              FROM (SELECT DISTINCT ON (move_id) move_id, due_date
                      FROM crm_dunning_ledger ORDER BY move_id, date DESC, id DESC) g
             WHERE g.move_id = am.id AND am.dunning_level_id IS NOT NULL AND am.dunning_due_date IS NULL
            """
        )
    )
