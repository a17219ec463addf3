from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class CrmDunningBlockOverride(models.TransientModel):
    """A Dunning manager lets one order or invoice of a blocked customer through, or lifts the
    block, with a reason that is logged."""

    _name = "crm.dunning.block.override"
    _description = "Override Dunning Block"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    sale_order_id = fields.Many2one("sale.order", string="Order")
    move_id = fields.Many2one("account.move", string="Invoice")
    reason = fields.Text(required=True)

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
        partner._dunning_log("override", self.reason, scheme=partner.dunning_block_scheme_id, document=document.name)
        document.sudo().dunning_block_override = True
        if self.sale_order_id:
            self.sale_order_id.action_confirm()
        else:
            self.move_id.action_post()
        return {"type": "ir.actions.act_window_close"}

    def action_unblock(self):
        self.ensure_one()
        self._check_manager()
        self.partner_id.commercial_partner_id._dunning_unblock(self.reason)
        return {"type": "ir.actions.act_window_close"}
