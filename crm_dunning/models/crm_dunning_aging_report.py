from odoo import _, fields, models, tools
from odoo.tools import SQL

from .crm_dunning_action import ACTION_KINDS
from .dunning_report_params import SQL_REPORT_DATE, ReportParamsMixin, local_datetime

LEDGER_STATES = [("done", "Done"), ("replaced", "Replaced by a Task"), ("failed", "Failed")]


class CrmDunningAgingReport(ReportParamsMixin, models.Model):
    """Overdue receivables by customer (one row per company and customer): the open posted
    customer invoices' amounts due in the company currency, by aging bucket of days past the
    due date (each installment, i.e. receivable line, by its own due date and residual), with
    the dunning level reached, the last dunning action and the sales block.

    The days are counted to today in the user's time zone (see ``dunning_report_params``).
    """

    _name = "crm.dunning.aging.report"
    _description = "Overdue Receivables by Customer"
    _auto = False
    _order = "amount_overdue desc, partner_id"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    invoice_count = fields.Integer(string="Open Invoices", readonly=True)
    overdue_count = fields.Integer(string="Overdue Invoices", readonly=True)
    max_days_overdue = fields.Integer(string="Most Days Late", aggregator="max", readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    amount_not_due = fields.Monetary(string="Not Due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    level_id = fields.Many2one("crm.dunning.level", string="Level Reached", readonly=True)
    last_action_kind = fields.Selection(ACTION_KINDS, string="Last Action", readonly=True)
    last_action_date = fields.Datetime(readonly=True)
    last_action_state = fields.Selection(LEDGER_STATES, string="Last Action Result", readonly=True)
    blocked = fields.Boolean(string="Sales Blocked", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
            WITH inv AS (
                SELECT am.id, am.company_id, am.commercial_partner_id AS partner_id,
                       aml.amount_residual AS residual, am.dunning_level_id,
                       %(today)s - COALESCE(aml.date_maturity, am.invoice_date_due, am.invoice_date) AS days
                  FROM account_move am
                  JOIN account_move_line aml ON aml.move_id = am.id
                   AND aml.display_type = 'payment_term'
                   AND aml.amount_residual != 0
                 WHERE am.move_type = 'out_invoice'
                   AND am.state = 'posted'
                   AND am.payment_state IN ('not_paid', 'partial')
            ), reached AS (
                SELECT DISTINCT ON (inv.company_id, inv.partner_id)
                       inv.company_id, inv.partner_id, l.id AS level_id
                  FROM inv
                  JOIN crm_dunning_level l ON l.id = inv.dunning_level_id
              ORDER BY inv.company_id, inv.partner_id, l.day_offset DESC, l.id DESC
            ), last_action AS (
                SELECT DISTINCT ON (g.company_id, g.partner_id)
                       g.company_id, g.partner_id, g.date, g.state, a.kind
                  FROM crm_dunning_ledger g
                  JOIN crm_dunning_action a ON a.id = g.action_id
              ORDER BY g.company_id, g.partner_id, g.date DESC, g.id DESC
            )
            SELECT MIN(inv.id) AS id,
                   inv.company_id,
                   c.currency_id,
                   inv.partner_id,
                   COUNT(DISTINCT inv.id) AS invoice_count,
                   COUNT(DISTINCT inv.id) FILTER (WHERE inv.days > 0) AS overdue_count,
                   GREATEST(MAX(inv.days), 0) AS max_days_overdue,
                   SUM(inv.residual) AS amount_residual,
                   COALESCE(SUM(inv.residual) FILTER (WHERE inv.days <= 0), 0) AS amount_not_due,
                   COALESCE(SUM(inv.residual) FILTER (WHERE inv.days BETWEEN 1 AND 30), 0) AS amount_1_30,
                   COALESCE(SUM(inv.residual) FILTER (WHERE inv.days BETWEEN 31 AND 60), 0) AS amount_31_60,
                   COALESCE(SUM(inv.residual) FILTER (WHERE inv.days BETWEEN 61 AND 90), 0) AS amount_61_90,
                   COALESCE(SUM(inv.residual) FILTER (WHERE inv.days > 90), 0) AS amount_over_90,
                   COALESCE(SUM(inv.residual) FILTER (WHERE inv.days > 0), 0) AS amount_overdue,
                   reached.level_id,
                   last_action.kind AS last_action_kind,
                   last_action.date AS last_action_date,
                   last_action.state AS last_action_state,
                   (blk.id IS NOT NULL) AS blocked
              FROM inv
              JOIN res_company c ON c.id = inv.company_id
         LEFT JOIN crm_dunning_block blk ON blk.partner_id = inv.partner_id AND blk.company_id = inv.company_id
         LEFT JOIN reached ON reached.company_id = inv.company_id AND reached.partner_id = inv.partner_id
         LEFT JOIN last_action ON last_action.company_id = inv.company_id
                              AND last_action.partner_id = inv.partner_id
          GROUP BY inv.company_id, c.currency_id, inv.partner_id, reached.level_id, last_action.kind,
                   last_action.date, last_action.state, blk.id
            )
                """,
                table=SQL.identifier(self._table),
                today=SQL(SQL_REPORT_DATE),
            )
        )

    # ------------------------------------------------------------------ export

    def _xlsx_sheet(self):
        """The rows of ``self`` as a sheet for :func:`dunning_xlsx.workbook_bytes`."""
        kinds = dict(self._fields["last_action_kind"]._description_selection(self.env))
        states = dict(self._fields["last_action_state"]._description_selection(self.env))
        yes, no = _("Yes"), _("No")
        columns = [
            (_("Customer"), "text"),
            (_("Company"), "text"),
            (_("Currency"), "text"),
            (_("Open Invoices"), "int"),
            (_("Not Due"), "money"),
            (_("1-30 Days"), "money"),
            (_("31-60 Days"), "money"),
            (_("61-90 Days"), "money"),
            (_("Over 90 Days"), "money"),
            (_("Overdue"), "money"),
            (_("Amount Due"), "money"),
            (_("Most Days Late"), "int"),
            (_("Level Reached"), "text"),
            (_("Last Action"), "text"),
            (_("Last Action Date"), "datetime"),
            (_("Last Action Result"), "text"),
            (_("Sales Blocked"), "text"),
        ]
        rows = [
            [
                line.partner_id.display_name,
                line.company_id.name,
                line.currency_id.name,
                line.invoice_count,
                line.amount_not_due,
                line.amount_1_30,
                line.amount_31_60,
                line.amount_61_90,
                line.amount_over_90,
                line.amount_overdue,
                line.amount_residual,
                line.max_days_overdue,
                line.level_id.name or "",
                kinds.get(line.last_action_kind, ""),
                local_datetime(line, line.last_action_date),
                states.get(line.last_action_state, ""),
                yes if line.blocked else no,
            ]
            for line in self
        ]
        return _("Overdue Receivables"), columns, rows
