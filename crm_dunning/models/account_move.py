from odoo import _, fields, models


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
    dunning_last_action_id = fields.Many2one(
        "crm.dunning.action", string="Last Dunning Action", copy=False, readonly=True
    )
    dunning_last_date = fields.Datetime(string="Last Dunning Date", copy=False, readonly=True)
    dunning_block_override = fields.Boolean(
        string="Dunning Block Overridden", copy=False, readonly=True, help="A Dunning manager let this invoice through."
    )
    dunning_partner_blocked = fields.Boolean(
        related="commercial_partner_id.dunning_blocked", string="Customer Blocked by Dunning"
    )
    dunning_ledger_ids = fields.One2many("crm.dunning.ledger", "move_id", string="Dunning History")

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
        for move in self.filtered(lambda m: m.move_type == "out_invoice" and not m.dunning_block_override):
            move.partner_id._dunning_check_block(move.name if move.name and move.name != "/" else _("the invoice"))
        return super()._post(soft=soft)
