from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmDunningScheme(models.Model):
    """A dunning scheme (Optima: schemat windykacji): ordered levels, each fired a number of
    days after (or before) an invoice's due date, each running one or more actions."""

    _name = "crm.dunning.scheme"
    _description = "Dunning Scheme"
    _order = "company_id, code, id"
    _check_company_auto = True

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    is_default = fields.Boolean(
        string="Company Default",
        help="Applies to every customer and invoice of the company that has no scheme of its own.",
    )
    threshold = fields.Monetary(
        string="Skip Receivables Up To",
        currency_field="currency_id",
        help="A customer is dunned only when his overdue amount (due before the run day, net of his "
        "open credit notes and payments, in the company currency) is above this amount; a reminder "
        "before the due date adds the invoices falling due.",
    )
    interest_note_book = fields.Boolean(
        string="Book Interest Notes as Invoices",
        help="An interest note of this scheme is also booked as a posted customer invoice of the "
        "interest product, so that the interest enters the receivables.",
    )
    interest_product_id = fields.Many2one(
        "product.product",
        domain="[('type', '=', 'service')]",
        check_company=True,
        help="The product of the booked interest invoices (its income account); default: Late-payment interest.",
    )
    level_ids = fields.One2many("crm.dunning.level", "scheme_id", string="Levels", copy=True)
    level_count = fields.Integer(compute="_compute_level_count")
    interest_table_id = fields.Many2one(
        "crm.dunning.interest.table",
        string="Interest Rate Table",
        check_company=True,
        help="The statutory late-payment interest of this scheme's interest notes (e.g. Poland's "
        "interest for delay in commercial transactions). Empty: no interest is computed.",
    )
    interest_journal_id = fields.Many2one(
        "account.journal",
        string="Interest Notes Journal",
        domain="[('type', '=', 'sale')]",
        check_company=True,
        help="The sales journal of the booked interest notes: one of their own (e.g. 'Noty odsetkowe'), so "
        "that the numbering of the VAT invoices stays untouched.",
    )
    interest_account_id = fields.Many2one(
        "account.account",
        string="Interest Income Account",
        check_company=True,
        help="The income account of the booked interest (in Poland a financial income account, 75x); "
        "empty: the interest product's income account.",
    )
    interest_claim_compensation = fields.Boolean(
        string="Claim Recovery-cost Compensation",
        help="Add the statutory compensation for recovery costs (in Poland 40, 70 or 100 EUR by "
        "the invoice amount) once per invoice to the interest note.",
    )

    _sql_constraints = [  # noqa: RUF012
        ("code_company_uniq", "unique(code, company_id)", "The code of a dunning scheme must be unique per company."),
    ]

    @api.depends("level_ids")
    def _compute_level_count(self):
        for scheme in self:
            scheme.level_count = len(scheme.level_ids)

    @api.constrains("threshold")
    def _check_threshold(self):
        for scheme in self:
            if scheme.threshold < 0:
                raise ValidationError(
                    _("The threshold of dunning scheme %(scheme)s cannot be below zero.", scheme=scheme.name)
                )

    @api.constrains("interest_claim_compensation", "interest_table_id")
    def _check_compensation_table(self):
        for scheme in self.filtered("interest_claim_compensation"):
            if not scheme.interest_table_id.compensation_currency_id:
                raise ValidationError(
                    _(
                        "Dunning scheme %(scheme)s claims the recovery-cost compensation, but its interest rate "
                        "table defines none. Pick a table with compensation tiers (in Poland: interest for delay "
                        "in commercial transactions) or do not claim the compensation.",
                        scheme=scheme.name,
                    )
                )

    @api.constrains("interest_note_book", "interest_journal_id")
    def _check_interest_journal(self):
        for scheme in self.filtered(lambda s: s.interest_note_book and not s.interest_journal_id):
            raise ValidationError(
                _(
                    "Dunning scheme %(scheme)s books its interest notes: choose their sales journal (one of "
                    "their own, so that the numbering of your VAT invoices stays untouched).",
                    scheme=scheme.name,
                )
            )

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for scheme in self.filtered(lambda s: s.is_default and s.active):
            others = self.search_count(
                [("company_id", "=", scheme.company_id.id), ("is_default", "=", True), ("id", "!=", scheme.id)]
            )
            if others:
                raise ValidationError(
                    _(
                        "Company %(company)s already has a default dunning scheme; only one is allowed.",
                        company=scheme.company_id.name,
                    )
                )

    @api.constrains("level_ids")
    def _check_levels(self):
        self.level_ids._check_order()
        self.level_ids._check_has_action()

    @api.model_create_multi
    def create(self, vals_list):
        schemes = super().create(vals_list)
        schemes._check_has_level()
        return schemes

    def write(self, vals):
        result = super().write(vals)
        if "level_ids" in vals or vals.get("active"):
            self._check_has_level()
        return result

    def _check_has_level(self):
        """An active scheme needs a level: the form adds them in the same save as the scheme."""
        for scheme in self.filtered("active"):
            if not scheme.level_ids:
                raise ValidationError(
                    _(
                        "Dunning scheme %(scheme)s has no level; add at least one level with its days "
                        "and actions before saving (or archive the scheme).",
                        scheme=scheme.display_name,
                    )
                )

    def unlink(self):
        levels = self.with_context(active_test=False).level_ids
        if levels._dunning_used():
            raise UserError(
                _(
                    "Dunning scheme %(scheme)s has already dunned invoices: its history is kept, so it "
                    "cannot be deleted. Archive it instead.",
                    scheme=", ".join(self.mapped("display_name")),
                )
            )
        return super().unlink()

    @api.depends("code", "name")
    def _compute_display_name(self):
        for scheme in self:
            scheme.display_name = f"[{scheme.code}] {scheme.name}" if scheme.code else scheme.name

    @api.model
    def _company_default(self, company):
        """The active default scheme of ``company`` (empty when it has none)."""
        return self.search([("company_id", "=", company.id), ("is_default", "=", True)], limit=1)
