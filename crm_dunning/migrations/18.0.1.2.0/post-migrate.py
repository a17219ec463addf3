"""Sales blocks made before 18.0.1.2.0 (issue 14, breaker's retest of finding 5).

The block was one flag on the customer (``res_partner.dunning_blocked`` and
``dunning_block_scheme_id``, stored columns the upgrade leaves in place). It becomes one
``crm.dunning.block`` row in the blocking scheme's company, dated at the last block of the log,
unless the log shows the block lifted since. Old log rows get their scheme's company.

Schemes that booked their interest notes before a journal of their own was asked for (18.0.1.1.0,
breaker's finding 10) booked them in the default sales journal, in the VAT invoices' numbering.
Each company with such a scheme gets a sales journal "Interest Notes" (code NOTY, found again by
its code if it exists) and the schemes point at it, so the next booked note leaves the VAT
numbering alone; notes booked before stay as they are.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

INTEREST_JOURNAL_CODE = "NOTY"


def migrate(cr, version):
    if not version:
        return
    _interest_journals(cr)
    _company_blocks(cr)


def _interest_journals(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    schemes = (
        env["crm.dunning.scheme"]
        .with_context(active_test=False)
        .search([("interest_note_book", "=", True), ("interest_journal_id", "=", False)])
    )
    for company, company_schemes in schemes.grouped("company_id").items():
        Journal = env["account.journal"].with_company(company)
        journal = Journal.search(
            [("company_id", "=", company.id), ("type", "=", "sale"), ("code", "=", INTEREST_JOURNAL_CODE)], limit=1
        ) or Journal.create(
            {
                "name": "Noty odsetkowe" if company.country_id.code == "PL" else "Interest Notes",
                "code": INTEREST_JOURNAL_CODE,
                "type": "sale",
                "company_id": company.id,
            }
        )
        company_schemes.interest_journal_id = journal
    env.flush_all()


def _company_blocks(cr):
    cr.execute(
        SQL(
            """
            UPDATE crm_dunning_block_log log
               SET company_id = scheme.company_id
              FROM crm_dunning_scheme scheme
             WHERE scheme.id = log.scheme_id
               AND log.company_id IS NULL
            """
        )
    )
    cr.execute(
        SQL(
            """
            SELECT COUNT(*) FROM information_schema.columns
             WHERE table_name = 'res_partner'
               AND column_name IN ('dunning_blocked', 'dunning_block_scheme_id')
            """
        )
    )
    if cr.fetchone()[0] != 2:
        return
    cr.execute(
        SQL(
            """
            INSERT INTO crm_dunning_block (partner_id, company_id, scheme_id, date,
                                           create_uid, write_uid, create_date, write_date)
            SELECT partner.id, scheme.company_id, scheme.id,
                   COALESCE(last_block.date, NOW() AT TIME ZONE 'UTC'),
                   1, 1, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM res_partner partner
              JOIN crm_dunning_scheme scheme ON scheme.id = partner.dunning_block_scheme_id
         LEFT JOIN LATERAL (
                    SELECT log.date FROM crm_dunning_block_log log
                     WHERE log.partner_id = partner.id AND log.event = 'block'
                  ORDER BY log.date DESC, log.id DESC LIMIT 1
                   ) last_block ON TRUE
             WHERE partner.dunning_blocked
               AND NOT EXISTS (
                    SELECT 1 FROM crm_dunning_block_log lifted
                     WHERE lifted.partner_id = partner.id
                       AND lifted.event = 'unblock'
                       AND lifted.date >= COALESCE(last_block.date, '1970-01-01')
                   )
            ON CONFLICT (partner_id, company_id) DO NOTHING
            """
        )
    )
