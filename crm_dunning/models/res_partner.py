from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_scheme_id = fields.Many2one(
        "crm.dunning.scheme",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Empty: the company's default scheme applies.",
    )
    dunning_email = fields.Char(help="Used for dunning instead of the main e-mail when set.")
    dunning_mobile = fields.Char(help="Used for dunning SMS instead of the main mobile when set.")
    dunning_excluded = fields.Boolean(string="Excluded from Dunning", tracking=True)
    dunning_promise_date = fields.Date(
        string="Promise to Pay Until", tracking=True, help="No dunning for this customer up to this day."
    )
    dunning_responsible_id = fields.Many2one(
        "res.users", string="Payment Responsible", tracking=True, domain="[('share', '=', False)]"
    )
    dunning_blocked = fields.Boolean(string="Sales Blocked", copy=False, tracking=True)
    dunning_block_scheme_id = fields.Many2one("crm.dunning.scheme", string="Blocked By Scheme", copy=False)
    dunning_block_log_ids = fields.One2many("crm.dunning.block.log", "partner_id", string="Block History")
    dunning_ledger_ids = fields.One2many("crm.dunning.ledger", "partner_id", string="Dunning History")
    dunning_overdue_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_dunning_overdue", string="Overdue Invoices"
    )
    dunning_overdue_amount = fields.Monetary(
        compute="_compute_dunning_overdue", string="Overdue Amount", currency_field="dunning_currency_id"
    )
    dunning_currency_id = fields.Many2one("res.currency", compute="_compute_dunning_overdue")

    @api.depends_context("company")
    def _compute_dunning_overdue(self):
        """The customer's open posted invoices of the current company due before today, and
        their amount in the company currency (what dunning e-mails and SMS list)."""
        company = self.env.company
        found = self._dunning_overdue_by_partner(company)
        Move = self.env["account.move"]
        for partner in self:
            ids, amount = found.get(partner.commercial_partner_id.id, ([], 0.0))
            partner.dunning_overdue_invoice_ids = Move.browse(ids).sorted("invoice_date_due")
            partner.dunning_overdue_amount = amount
            partner.dunning_currency_id = company.currency_id

    def _dunning_overdue_by_partner(self, company):
        """``{commercial partner id: (overdue invoice ids, overdue amount in company currency)}``
        for these customers in ``company``, read now (one grouped query, never cached)."""
        groups = self.env["account.move"]._read_group(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ],
            ["commercial_partner_id"],
            ["id:array_agg", "amount_residual_signed:sum"],
        )
        return {partner.id: (ids, amount) for partner, ids, amount in groups}

    def write(self, vals):
        result = super().write(vals)
        if vals.get("dunning_promise_date"):
            for partner in self:
                partner._message_log(
                    body=_(
                        "Promise to pay until %(date)s: dunning paused.",
                        date=fields.Date.to_string(partner.dunning_promise_date),
                    )
                )
        return result

    def _dunning_email_address(self):
        self.ensure_one()
        return self.dunning_email or self.email

    def _dunning_mobile_number(self):
        self.ensure_one()
        return self.dunning_mobile or self.mobile or self.phone

    # ------------------------------------------------------------------ sales block
    def _dunning_block(self, scheme, reason):
        """Block these customers (commercial partners) and log it."""
        for partner in self.filtered(lambda p: not p.dunning_blocked):
            partner.sudo().write({"dunning_blocked": True, "dunning_block_scheme_id": scheme.id})
            partner._dunning_log("block", reason, scheme=scheme)

    def _dunning_unblock(self, reason):
        for partner in self.filtered("dunning_blocked"):
            scheme = partner.dunning_block_scheme_id
            partner.sudo().write({"dunning_blocked": False, "dunning_block_scheme_id": False})
            partner._dunning_log("unblock", reason, scheme=scheme)

    def _dunning_log(self, event, reason, scheme=None, document=None):
        self.ensure_one()
        self.env["crm.dunning.block.log"].sudo().create(
            {
                "partner_id": self.id,
                "event": event,
                "reason": reason,
                "scheme_id": scheme.id if scheme else False,
                "document": document,
                "user_id": self.env.user.id,
            }
        )
        labels = {"block": _("Sales blocked"), "unblock": _("Sales unblocked"), "override": _("Block overridden")}
        self.sudo()._message_log(body=Markup("<b>%s</b>: %s") % (labels[event], reason))

    def _dunning_check_block(self, document):
        """Raise when ``document`` (an order or invoice name) may not go through for this customer."""
        blocked = self.commercial_partner_id.filtered("dunning_blocked")
        if blocked:
            partner = blocked[0]
            raise UserError(
                _(
                    "%(customer)s is blocked by dunning scheme %(scheme)s because of overdue invoices: "
                    "%(document)s cannot be confirmed. A Dunning manager may override the block with a reason.",
                    customer=partner.display_name,
                    scheme=partner.dunning_block_scheme_id.sudo().display_name or "-",
                    document=document,
                )
            )

    def _dunning_lift_paid_blocks(self):
        """Lift the blocks of these customers whose overdue amount (in the blocking scheme's
        company) is no longer above the scheme's threshold."""
        for partner in self.commercial_partner_id.filtered("dunning_blocked"):
            scheme = partner.dunning_block_scheme_id
            company = scheme.company_id or self.env.company
            amount = partner.sudo()._dunning_overdue_by_partner(company).get(partner.id, ([], 0.0))[1]
            if amount <= (scheme.threshold or 0.0):
                partner._dunning_unblock(
                    _("The overdue amount fell to %(amount)s after a payment.", amount=round(amount, 2))
                )
