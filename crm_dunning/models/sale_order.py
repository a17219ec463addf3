from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_block_override = fields.Boolean(
        string="Dunning Block Overridden", copy=False, readonly=True, help="A Dunning manager let this order through."
    )
    dunning_partner_blocked = fields.Boolean(
        related="partner_id.commercial_partner_id.dunning_blocked", string="Customer Blocked by Dunning"
    )

    def action_confirm(self):
        for order in self.filtered(lambda o: not o.dunning_block_override):
            order.partner_id._dunning_check_block(order.name)
        return super().action_confirm()
