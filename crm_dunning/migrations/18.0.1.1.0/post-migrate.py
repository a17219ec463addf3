"""Dunning document lines made before 18.0.1.1.0 (issue 14, breaker's finding 9 retest).

- Their amounts were in the company currency only: they become their own "currency" amounts,
  so that the documents print what was sent.
- Interest notes did not store the period they charged; they charged each invoice up to the
  note's date (or its payment, earlier): that date becomes the line's last day charged, so that a
  later interest note does not charge those days again.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE crm_dunning_document_line line
               SET move_currency_id = company.currency_id,
                   amount_total_currency = line.amount_total,
                   amount_residual_currency = line.amount_residual,
                   interest_amount_currency = line.interest_amount,
                   compensation_amount_currency = line.compensation_amount
              FROM res_company company
             WHERE company.id = line.company_id
               AND line.move_currency_id IS NULL
            """
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE crm_dunning_document_line line
               SET interest_date_to = document.date
              FROM crm_dunning_document document
             WHERE document.id = line.document_id
               AND document.kind = 'interest_note'
               AND line.interest_date_to IS NULL
            """
        )
    )
