from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class CrmDunningBlockOverride(models.TransientModel):
    """A Dunning manager lets one order or invoice of a blocked customer through, or lifts the
    block in one company, with a reason that is logged."""

    _name = "crm.dunning.block.override"
    _description = "Override Dunning Block"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    sale_order_id = fields.Many2one("sale.order", string="Order")
    move_id = fields.Many2one("account.move", string="Invoice")
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        help="The company whose block is overridden or lifted.",
    )
    reason = fields.Text(required=True)

    @api.depends("sale_order_id", "move_id")
    def _compute_company_id(self):
        for wizard in self:
            document = wizard.sale_order_id or wizard.move_id
            wizard.company_id = document.company_id or wizard.company_id or self.env.company

    def _check_manager(self):
        if not self.env.user.has_group("crm_dunning.group_dunning_manager"):
            raise AccessError(_("Only a Dunning manager may override or lift a dunning block."))
        if not (self.reason or "").strip():
            raise UserError(_("Give the reason for overriding the block."))

    def action_override(self):
        """Confirm the order or post the invoice despite the block; log who and why."""
        self.ensure_one()
        self._check_manager()
        document = self.sale_order_id or self.move_id
        if not document:
            raise UserError(_("Choose the order or invoice to let through."))
        partner = document.partner_id.commercial_partner_id
        block = partner._dunning_block_in(document.company_id)
        document.sudo().dunning_block_override = True
        if self.sale_order_id:
            self.sale_order_id.action_confirm()
        else:
            self.move_id.action_post()
        # logged once through: a draft invoice has its number only now
        partner._dunning_log(
            "override", self.reason, scheme=block.scheme_id, document=document.name, company=document.company_id
        )
        return {"type": "ir.actions.act_window_close"}

    def action_unblock(self):
        self.ensure_one()
        self._check_manager()
        company = self.company_id or self.env.company
        if not self.partner_id.commercial_partner_id._dunning_unblock(self.reason, company=company):
            raise UserError(
                _(
                    "%(customer)s is not blocked by dunning in %(company)s.",
                    customer=self.partner_id.commercial_partner_id.display_name,
                    company=company.name,
                )
            )
        return {"type": "ir.actions.act_window_close"}
