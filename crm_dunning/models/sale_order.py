from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_block_override = fields.Boolean(
        string="Dunning Block Overridden", copy=False, readonly=True, help="A Dunning manager let this order through."
    )
    dunning_partner_blocked = fields.Boolean(
        related="partner_id.commercial_partner_id.dunning_blocked", string="Customer Blocked by Dunning"
    )
