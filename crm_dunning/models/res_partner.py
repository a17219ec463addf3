from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

# The sales-block state: set by the engine only (sudo), never by a user's create or write.
BLOCK_FIELDS = ("dunning_blocked", "dunning_block_scheme_id", "dunning_block_ids", "dunning_block_log_ids")
# Whether and how the customer is dunned: the accountants' decision (Billing or Dunning manager),
# not a salesperson's, although Contact Creation lets him write the rest of the customer.
CONTROL_FIELDS = ("dunning_scheme_id", "dunning_excluded", "dunning_promise_date", "dunning_responsible_id")
DUNNING_CONTROL_GROUPS = ("account.group_account_invoice", "crm_dunning.group_dunning_manager")


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
    dunning_block_ids = fields.One2many(
        "crm.dunning.block", "partner_id", string="Sales Blocks", readonly=True, help="One per blocking company."
    )
    dunning_blocked = fields.Boolean(
        string="Sales Blocked",
        compute="_compute_dunning_blocked",
        search="_search_dunning_blocked",
        help="Sales to this customer are blocked by dunning in the current company.",
    )
    dunning_block_scheme_id = fields.Many2one(
        "crm.dunning.scheme", string="Blocked By Scheme", compute="_compute_dunning_blocked"
    )
    dunning_block_log_ids = fields.One2many("crm.dunning.block.log", "partner_id", string="Block History")
    dunning_ledger_ids = fields.One2many("crm.dunning.ledger", "partner_id", string="Dunning History")
    dunning_overdue_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_dunning_overdue", string="Overdue Invoices"
    )
    dunning_overdue_amount = fields.Monetary(
        compute="_compute_dunning_overdue", string="Overdue Amount", currency_field="dunning_currency_id"
    )
    dunning_currency_id = fields.Many2one("res.currency", compute="_compute_dunning_overdue")

    @api.depends("commercial_partner_id.dunning_block_ids")
    @api.depends_context("company")
    def _compute_dunning_blocked(self):
        blocks = (
            self.env["crm.dunning.block"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", (self._origin | self.commercial_partner_id._origin).ids),
                    ("company_id", "=", self.env.company.id),
                ]
            )
        )
        schemes = {block.partner_id.id: block.scheme_id.id for block in blocks}
        for partner in self:
            scheme_id = schemes.get(partner.commercial_partner_id._origin.id) or schemes.get(partner._origin.id)
            partner.dunning_blocked = bool(scheme_id)
            partner.dunning_block_scheme_id = scheme_id

    def _search_dunning_blocked(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on Sales Blocked."))
        blocked = self.env["crm.dunning.block"].sudo().search([("company_id", "=", self.env.company.id)]).partner_id
        positive = (operator == "=") == bool(value)
        return [("commercial_partner_id", "in" if positive else "not in", blocked.ids)]

    @api.depends_context("company", "dunning_move_ids", "dunning_amount")
    def _compute_dunning_overdue(self):
        """The customer's open posted invoices of the current company due before today, not
        disputed nor excluded, and their amount in the company currency (what dunning e-mails
        and SMS list). A dunning run renders its messages with the invoices of the level being
        dunned in the context (``dunning_move_ids``, ``dunning_amount``): then those."""
        company = self.env.company
        Move = self.env["account.move"]
        context_ids = self.env.context.get("dunning_move_ids")
        if context_ids is not None:
            moves = Move.browse(context_ids).sorted("invoice_date_due")
            amount = self.env.context.get("dunning_amount")
            for partner in self:
                mine = moves.filtered(lambda m, p=partner: m.commercial_partner_id == p.commercial_partner_id)
                partner.dunning_overdue_invoice_ids = mine
                partner.dunning_overdue_amount = (
                    amount if amount is not None else sum(mine.mapped("amount_residual_signed"))
                )
                partner.dunning_currency_id = company.currency_id
            return
        found = self._dunning_overdue_by_partner(company)
        for partner in self:
            ids = found.get(partner.commercial_partner_id.id, ([], 0.0))[0]
            moves = Move.browse(ids).filtered(lambda m: not m.dunning_disputed and not m.dunning_excluded)
            partner.dunning_overdue_invoice_ids = moves.sorted("invoice_date_due")
            partner.dunning_overdue_amount = sum(moves.mapped("amount_residual_signed"))
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dunning_check_block_write(vals)
            self._dunning_check_control_write({fname: value for fname, value in vals.items() if value})
        return super().create(vals_list)

    def write(self, vals):
        self._dunning_check_block_write(vals)
        self._dunning_check_control_write(vals)
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
    def _dunning_check_control_write(self, vals):
        """Refuse a change of whether and how the customer is dunned (scheme, exclusion, promise
        to pay, payment responsible) by a user who is neither a billing user nor a Dunning
        manager (a salesperson with Contact Creation can write the rest of the customer).

        :raise AccessError: naming the fields, in the user's language
        """
        fnames = [fname for fname in CONTROL_FIELDS if fname in vals]
        if not fnames or self.env.su or any(self.env.user.has_group(group) for group in DUNNING_CONTROL_GROUPS):
            return
        raise AccessError(
            _(
                "Only billing users and Dunning managers may change how a customer is dunned (%(fields)s).",
                fields=", ".join(self._fields[fname].get_description(self.env)["string"] for fname in fnames),
            )
        )

    def _dunning_check_block_write(self, vals):
        """Refuse a user's create or write of the sales-block state: only the dunning engine
        (sudo) blocks and lifts, and a Dunning manager through the logged override wizard."""
        if not self.env.su and any(fname in vals for fname in BLOCK_FIELDS):
            raise AccessError(
                _(
                    "The dunning sales block cannot be changed directly. A Dunning manager lifts it "
                    "with a reason (Lift Block on the customer's Dunning tab)."
                )
            )

    def _dunning_block_in(self, company):
        """The ``crm.dunning.block`` (sudo) of this customer in ``company``, empty when sales to
        him are not blocked there. The block of the partner itself or of any parent counts: a
        blocked company moved under another parent stays blocked."""
        self.ensure_one()
        return (
            self.env["crm.dunning.block"]
            .sudo()
            .search(
                [
                    ("partner_id", "parent_of", self.commercial_partner_id.ids + self.ids),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            )
        )

    def _dunning_block(self, scheme, reason):
        """Block these customers (their commercial partners) in the scheme's company and log it;
        a customer already blocked there stays as he is."""
        Block = self.env["crm.dunning.block"].sudo()
        for partner in self.commercial_partner_id:
            if partner._dunning_block_in(scheme.company_id):
                continue
            Block.create({"partner_id": partner.id, "company_id": scheme.company_id.id, "scheme_id": scheme.id})
            partner._dunning_log("block", reason, scheme=scheme)
        self.invalidate_recordset(["dunning_blocked", "dunning_block_scheme_id", "dunning_block_ids"])

    def _dunning_unblock(self, reason, company=None):
        """Lift the blocks of these customers in ``company`` (default: the current company) and
        log it. :return: the companies where a block was lifted"""
        company = company or self.env.company
        lifted = self.env["res.company"]
        for partner in self.commercial_partner_id:
            block = partner._dunning_block_in(company)
            if not block:
                continue
            scheme = block.scheme_id
            block.unlink()
            partner._dunning_log("unblock", reason, scheme=scheme, company=company)
            lifted |= company
        self.invalidate_recordset(["dunning_blocked", "dunning_block_scheme_id", "dunning_block_ids"])
        return lifted

    def _dunning_log(self, event, reason, scheme=None, document=None, company=None):
        """Write one row of the block audit trail and the same in the customer's chatter."""
        self.ensure_one()
        company = company or (scheme.company_id if scheme else self.env["res.company"])
        self.env["crm.dunning.block.log"].sudo().create(
            {
                "partner_id": self.id,
                "event": event,
                "reason": reason,
                "company_id": company.id,
                "scheme_id": scheme.id if scheme else False,
                "document": document,
                "user_id": self.env.user.id,
            }
        )
        labels = {
            "block": _("Sales blocked in %(company)s", company=company.name),
            "unblock": _("Sales unblocked in %(company)s", company=company.name),
            "override": _("Block overridden in %(company)s", company=company.name),
        }
        self.sudo()._message_log(body=Markup("<b>%s</b>: %s") % (labels[event], reason))

    def _dunning_check_block(self, document, company):
        """Raise when ``document`` (an order or invoice name) of ``company`` may not go through
        for this customer: he is blocked by a scheme of that company."""
        for partner in self:
            block = partner._dunning_block_in(company)
            if block:
                raise UserError(
                    _(
                        "%(customer)s is blocked by dunning scheme %(scheme)s because of overdue invoices: "
                        "%(document)s cannot be confirmed. A Dunning manager may override the block with a reason.",
                        customer=block.partner_id.display_name,
                        scheme=block.scheme_id.display_name,
                        document=document,
                    )
                )

    def _dunning_net_overdue(self, company):
        """What these customers owe overdue in ``company`` as the dunning run counts it for its
        threshold: the installments due before today of their posted invoices that are neither
        disputed nor excluded, net of their open credits (credit notes, payments on account),
        company currency.

        :return: ``{commercial partner id: amount}``, for the customers with overdue installments
        """
        partner_ids = tuple(self.commercial_partner_id.ids)
        if not partner_ids:
            return {}
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        today = fields.Date.context_today(self)
        rows = self.env.execute_query(
            SQL(
                """
                WITH overdue AS (
                    SELECT am.commercial_partner_id AS partner_id, SUM(aml.amount_residual) AS amount
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE am.commercial_partner_id IN %(partners)s
                       AND am.company_id = %(company)s
                       AND am.move_type = 'out_invoice'
                       AND am.state = 'posted'
                       AND am.dunning_excluded IS NOT TRUE
                       AND am.dunning_disputed IS NOT TRUE
                       AND aml.display_type = 'payment_term'
                       AND aml.amount_residual > 0
                       AND aml.date_maturity < %(today)s
                  GROUP BY am.commercial_partner_id
                ), credits AS (
                    SELECT cp.commercial_partner_id AS partner_id, SUM(aml.amount_residual) AS amount
                      FROM account_move_line aml
                      JOIN res_partner cp ON cp.id = aml.partner_id
                      JOIN account_account acc ON acc.id = aml.account_id
                       AND acc.account_type = 'asset_receivable'
                     WHERE aml.company_id = %(company)s
                       AND aml.parent_state = 'posted'
                       AND aml.reconciled IS NOT TRUE
                       AND aml.amount_residual < 0
                       AND cp.commercial_partner_id IN %(partners)s
                  GROUP BY cp.commercial_partner_id
                )
                SELECT o.partner_id, o.amount + COALESCE(c.amount, 0)
                  FROM overdue o
             LEFT JOIN credits c ON c.partner_id = o.partner_id
                """,
                partners=partner_ids,
                company=company.id,
                today=today,
            )
        )
        return dict(rows)

    def _dunning_lift_paid_blocks(self):
        """Lift, company by company, the blocks of these customers whose overdue amount in the
        blocking company, as the run counts it (:meth:`_dunning_net_overdue`: disputed and
        excluded invoices left out, open credits netted), is no longer above the blocking
        scheme's threshold. Called on reconciliation and when an invoice is disputed or
        excluded."""
        partners = self.commercial_partner_id
        if not partners:
            return
        blocks = self.env["crm.dunning.block"].sudo().search([("partner_id", "in", partners.ids)])
        for block in blocks:
            partner, company, scheme = block.partner_id, block.company_id, block.scheme_id
            amount = partner.sudo()._dunning_net_overdue(company).get(partner.id, 0.0)
            if amount <= (scheme.threshold or 0.0):
                lang = partner.lang or self.env.lang
                env = partner.with_context(lang=lang).env
                partner._dunning_unblock(
                    env._(
                        "The overdue amount is now %(amount)s, not above the threshold of %(threshold)s.",
                        amount=format_amount(env, amount, company.currency_id, lang_code=lang),
                        threshold=format_amount(env, scheme.threshold or 0.0, company.currency_id, lang_code=lang),
                    ),
                    company=company,
                )
