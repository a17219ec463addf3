from odoo import api, models


class SaleOrderLine(models.Model):
    """Lines of a revised (superseded) offer are frozen like the offer itself."""

    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        order_ids = {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        self.env["sale.order"].browse(order_ids)._check_offer_not_revised()
        return super().create(vals_list)

    def write(self, vals):
        self.order_id._check_offer_not_revised()
        return super().write(vals)

    def unlink(self):
        self.order_id._check_offer_not_revised()
        return super().unlink()
