from odoo import fields, models


class CrmOfferRejectWizard(models.TransientModel):
    """Ask for the customer's reason before rejecting an offer."""

    _name = "crm.offer.reject.wizard"
    _description = "Reject Offer"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.order_id._offer_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
