from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_dunning_block import check_override_write

BLOCKED_MOVE_TYPES = ("out_invoice", "out_receipt")  # the sales a dunning block refuses to post


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_excluded = fields.Boolean(string="Excluded from Dunning", copy=False, tracking=True)
    dunning_disputed = fields.Boolean(string="Disputed", copy=False, tracking=True)
    dunning_scheme_id = fields.Many2one(
        "crm.dunning.scheme",
        string="Dunning Scheme Override",
        copy=False,
        check_company=True,
        help="Empty: the customer's scheme, else the company's default scheme.",
    )
    dunning_level_id = fields.Many2one("crm.dunning.level", string="Dunning Level Reached", copy=False, readonly=True)
    dunning_due_date = fields.Date(
        string="Dunned Installment Due",
        copy=False,
        readonly=True,
        help="Due date of the installment the level reached is about; when it is paid, the next "
        "installment goes through the levels from the first.",
    )
    dunning_last_action_id = fields.Many2one(
        "crm.dunning.action", string="Last Dunning Action", copy=False, readonly=True
    )
    dunning_last_date = fields.Datetime(string="Last Dunning Date", copy=False, readonly=True)
    dunning_block_override = fields.Boolean(
        string="Dunning Block Overridden", copy=False, readonly=True, help="A Dunning manager let this invoice through."
    )
    dunning_partner_blocked = fields.Boolean(
        compute="_compute_dunning_partner_blocked",
        string="Customer Blocked by Dunning",
        help="Sales to the customer are blocked by dunning in the invoice's company.",
    )
    dunning_ledger_ids = fields.One2many("crm.dunning.ledger", "move_id", string="Dunning History")
    dunning_compensation_date = fields.Date(
        string="Recovery Compensation Claimed On",
        copy=False,
        readonly=True,
        help="The day the statutory recovery-cost compensation of this invoice was claimed; it is "
        "claimed once per invoice.",
    )
    dunning_compensation_amount = fields.Monetary(
        string="Recovery Compensation", currency_field="currency_id", copy=False, readonly=True
    )
    dunning_compensation_eur = fields.Integer(string="Recovery Compensation (EUR)", copy=False, readonly=True)

    @api.depends("commercial_partner_id", "company_id")
    def _compute_dunning_partner_blocked(self):
        for move in self:
            move.dunning_partner_blocked = bool(
                move.commercial_partner_id
                and move.company_id
                and move.commercial_partner_id._dunning_block_in(move.company_id)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_override_write(self.env, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_override_write(self.env, vals)
        result = super().write(vals)
        if vals.get("dunning_disputed") or vals.get("dunning_excluded"):
            # what is left overdue may now be under the threshold: the block lifts as on a payment
            self.commercial_partner_id._dunning_lift_paid_blocks()
        return result

    def _get_dunning_scheme(self):
        """The dunning scheme that applies to this invoice.

        Precedence: the invoice's own override, else the scheme of the customer (its
        commercial partner) in the invoice's company, else that company's default scheme.

        :return: a ``crm.dunning.scheme`` record, empty when none applies
        """
        self.ensure_one()
        if self.dunning_scheme_id:
            return self.dunning_scheme_id
        partner = self.commercial_partner_id.with_company(self.company_id)
        if partner.dunning_scheme_id:
            return partner.dunning_scheme_id
        return self.env["crm.dunning.scheme"]._company_default(self.company_id)

    def _post(self, soft=True):
        # invoices and sales receipts are sales; credit notes lower the debt and always go through
        for move in self.filtered(lambda m: m.move_type in BLOCKED_MOVE_TYPES and not m.dunning_block_override):
            # a draft has no number yet: core's own name of it ("Draft Sales Receipt (* 12)")
            move.partner_id._dunning_check_block(
                move.name if move.name and move.name != "/" else move.display_name, move.company_id
            )
        return super()._post(soft=soft)

    def _crm_interest_table(self):
        self.ensure_one()
        table = self._get_dunning_scheme().interest_table_id
        if not table:
            raise UserError(_("Invoice %(invoice)s: its dunning scheme has no interest rate table.", invoice=self.name))
        return table

    def _crm_recovery_compensation(self, table=None):
        """The statutory compensation for recovery costs of this invoice (Poland: act of 8 March
        2013 "o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych", art. 10;
        computed by ``crm.dunning.interest.table._crm_recovery_compensation``).

        :param table: the ``crm.dunning.interest.table`` whose tiers apply; default: the table of
            the invoice's dunning scheme
        :return: ``{"amount": float, "currency": res.currency, "eur": int}``, the amount in the
            invoice currency
        :raise UserError: no table or no tiers, or no currency rate on the day the law names
        """
        self.ensure_one()
        return (table or self._crm_interest_table())._crm_recovery_compensation(self)

    def _crm_compensation_prescribed(self, claim_date, table=None):
        """Whether the recovery-cost compensation of this invoice can no longer be claimed on
        ``claim_date``: it is due from the first day of delay (act of 8 March 2013, art. 10
        ust. 1) and, as a claim of a business, prescribes as the table's interest does (Polish
        civil code art. 118: three years, ending with the calendar year).

        :param table: the ``crm.dunning.interest.table``; default: the invoice scheme's
        """
        self.ensure_one()
        first_day = (table or self._crm_interest_table())._crm_first_unprescribed_day(claim_date)
        due = self._crm_first_due_date()
        return bool(first_day and due and due + timedelta(days=1) < first_day)

    def _crm_first_due_date(self):
        """The day the invoice's first payment fell due: its earliest installment's due date
        (Odoo's ``invoice_date_due`` is the last installment's), else the invoice's due date."""
        self.ensure_one()
        maturities = self.line_ids.filtered(lambda line: line.display_type == "payment_term").mapped("date_maturity")
        return min(filter(None, maturities), default=None) or self.invoice_date_due or self.invoice_date

    def _crm_claim_recovery_compensation(self, claim_date=None, table=None):
        """Claim the recovery-cost compensation of these invoices, once per invoice: the amount
        is stored on the invoice with the day of the claim; invoices already claimed, or whose
        claim has prescribed (``_crm_compensation_prescribed``), are left out. The interest note
        calls this when it adds the compensation.

        :param date claim_date: day of the claim (default: today)
        :param table: see ``_crm_recovery_compensation``
        :return: ``{move.id: {"amount", "currency", "eur"}}`` for the invoices claimed now
        :raise UserError: as ``_crm_recovery_compensation`` (nothing is stored then)
        """
        claim_date = claim_date or fields.Date.context_today(self)
        if self.ids:
            # two notes made at once must not both claim one invoice
            self.env.cr.execute(SQL("SELECT id FROM account_move WHERE id IN %s FOR UPDATE", tuple(self.ids)))
            self.invalidate_recordset(["dunning_compensation_date"])
        claimed = {}
        for move in self.filtered(lambda m: not m.dunning_compensation_date):
            if move._crm_compensation_prescribed(claim_date, table):
                continue
            claimed[move.id] = move._crm_recovery_compensation(table=table)
        for move in self.filtered(lambda m: m.id in claimed):
            move.write(
                {
                    "dunning_compensation_date": claim_date,
                    "dunning_compensation_amount": claimed[move.id]["amount"],
                    "dunning_compensation_eur": claimed[move.id]["eur"],
                }
            )
        return claimed
