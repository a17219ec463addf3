from odoo import api, fields, models


class CrmOfferRejectWizard(models.TransientModel):
    """Ask for the customer's reason before rejecting an offer."""

    _name = "crm.offer.reject.wizard"
    _description = "Reject Offer"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            order_id = vals["order_id"] if "order_id" in vals else self.default_get(["order_id"]).get("order_id")
            self.env["sale.order"]._check_offer_wizard_target(order_id)
        return super().create(vals_list)

    def action_reject(self):
        self.ensure_one()
        self.order_id._offer_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
