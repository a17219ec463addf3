from odoo import _, fields, models, tools
from odoo.tools import SQL

from .dunning_report_params import SQL_EFFECT_DAYS, SQL_REPORT_DATE, ReportParamsMixin, local_datetime

OUTCOMES = [
    ("paid", "Paid in Time"),
    ("late", "Paid Later"),
    ("unpaid", "Not Paid"),
    ("open", "Window Still Open"),
]


class CrmDunningEffectivenessReport(ReportParamsMixin, models.Model):
    """Dunning effectiveness: one row per invoice and level that fired (from the dunning
    history; a level whose every action failed did not fire), saying whether the invoice was
    paid within N days after it (N: the report's window, 14 days unless the Dunning Reports
    wizard says otherwise).

    The paid date is that of the last reconciliation of the invoice's receivable once it is
    fully paid. ``paid_rate`` is 100 for an invoice paid in time, 0 for one paid later or not
    paid when the window is over, and empty while the window is still open and the invoice
    unpaid, so that its average (pivot, graph) is the share paid in time among the decided ones.
    """

    _name = "crm.dunning.effectiveness.report"
    _description = "Dunning Effectiveness"
    _auto = False
    _order = "fired_date desc, id desc"
    _rec_name = "move_id"

    company_id = fields.Many2one("res.company", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    scheme_id = fields.Many2one("crm.dunning.scheme", string="Dunning Scheme", readonly=True)
    level_id = fields.Many2one("crm.dunning.level", readonly=True)
    fired_at = fields.Datetime(string="Level Fired On", readonly=True)
    fired_date = fields.Date(string="Level Fired", readonly=True)
    paid_date = fields.Date(string="Paid On", readonly=True)
    days_to_pay = fields.Integer(string="Days to Payment", aggregator="avg", readonly=True)
    window_days = fields.Integer(string="Window (days)", aggregator="max", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    paid_rate = fields.Float(
        string="Paid in Time (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="The share of invoices paid within the window after the level fired, among those "
        "paid in time or whose window is over.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
            WITH params AS (
                SELECT %(today)s AS today, %(days)s AS days
            ), fired AS (
                SELECT MIN(g.id) AS id, g.move_id, g.level_id, g.company_id, MIN(g.date) AS fired_at
                  FROM crm_dunning_ledger g
                 WHERE g.state != 'failed'
              GROUP BY g.move_id, g.level_id, g.company_id
            ), paid AS (
                SELECT aml.move_id, MAX(apr.max_date) AS paid_date
                  FROM account_move_line aml
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
                 WHERE aml.display_type = 'payment_term'
                   AND aml.move_id IN (SELECT move_id FROM fired)
              GROUP BY aml.move_id
            ), facts AS (
                SELECT fired.*, fired.fired_at::date AS fired_date,
                       am.commercial_partner_id AS partner_id, l.scheme_id,
                       CASE WHEN am.payment_state IN ('paid', 'in_payment') THEN paid.paid_date END AS paid_date
                  FROM fired
                  JOIN account_move am ON am.id = fired.move_id
                  JOIN crm_dunning_level l ON l.id = fired.level_id
             LEFT JOIN paid ON paid.move_id = fired.move_id
            )
            SELECT facts.id, facts.company_id, facts.move_id, facts.partner_id, facts.scheme_id,
                   facts.level_id, facts.fired_at, facts.fired_date, facts.paid_date,
                   GREATEST(facts.paid_date - facts.fired_date, 0) AS days_to_pay,
                   params.days AS window_days,
                   CASE WHEN facts.paid_date - facts.fired_date <= params.days THEN 'paid'
                        WHEN facts.paid_date IS NOT NULL THEN 'late'
                        WHEN params.today - facts.fired_date > params.days THEN 'unpaid'
                        ELSE 'open' END AS outcome,
                   CASE WHEN facts.paid_date - facts.fired_date <= params.days THEN 100.0
                        WHEN facts.paid_date IS NOT NULL OR params.today - facts.fired_date > params.days
                        THEN 0.0 END AS paid_rate
              FROM facts, params
            )
                """,
                table=SQL.identifier(self._table),
                today=SQL(SQL_REPORT_DATE),
                days=SQL(SQL_EFFECT_DAYS),
            )
        )

    # ------------------------------------------------------------------ export

    def _xlsx_sheet(self):
        """The rows of ``self`` as a sheet for :func:`dunning_xlsx.workbook_bytes`."""
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        columns = [
            (_("Dunning Scheme"), "text"),
            (_("Level"), "text"),
            (_("Customer"), "text"),
            (_("Invoice"), "text"),
            (_("Company"), "text"),
            (_("Level Fired On"), "datetime"),
            (_("Paid On"), "date"),
            (_("Days to Payment"), "int"),
            (_("Window (days)"), "int"),
            (_("Outcome"), "text"),
            (_("Paid in Time (%)"), "percent"),
        ]
        rows = [
            [
                line.scheme_id.display_name,
                line.level_id.name,
                line.partner_id.display_name,
                line.move_id.name,
                line.company_id.name,
                local_datetime(line, line.fired_at),
                line.paid_date,
                line.days_to_pay if line.paid_date else None,
                line.window_days,
                outcomes.get(line.outcome, ""),
                line.paid_rate if line.outcome != "open" else None,
            ]
            for line in self
        ]
        return _("Dunning Effectiveness"), columns, rows

    def _xlsx_summary_sheet(self):
        """Per scheme and level of ``self``: levels fired, paid in time, the share paid in time."""
        columns = [
            (_("Dunning Scheme"), "text"),
            (_("Level"), "text"),
            (_("Levels Fired"), "int"),
            (_("Paid in Time"), "int"),
            (_("Paid Later"), "int"),
            (_("Not Paid"), "int"),
            (_("Window Still Open"), "int"),
            (_("Paid in Time (%)"), "percent"),
        ]
        counts = {}
        for line in self:
            key = (line.scheme_id, line.level_id)
            counts.setdefault(key, dict.fromkeys(("paid", "late", "unpaid", "open"), 0))[line.outcome] += 1
        rows = []
        for (scheme, level), count in sorted(counts.items(), key=lambda kv: (kv[0][0].id, kv[0][1].day_offset)):
            decided = count["paid"] + count["late"] + count["unpaid"]
            rows.append(
                [
                    scheme.display_name,
                    level.name,
                    sum(count.values()),
                    count["paid"],
                    count["late"],
                    count["unpaid"],
                    count["open"],
                    round(100.0 * count["paid"] / decided, 1) if decided else None,
                ]
            )
        return _("Effectiveness by Level"), columns, rows
