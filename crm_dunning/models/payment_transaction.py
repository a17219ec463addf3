from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """A quotation of a customer blocked by dunning, paid online, is not confirmed: the
        payment stays, the order waits for a decision (see ``sale.order._dunning_hold_for_decision``)."""
        held = self.env["payment.transaction"]
        for tx in self:
            quotation = tx.sale_order_ids.filtered(lambda so: so.state in ("draft", "sent"))
            if len(tx.sale_order_ids) != 1 or not quotation._dunning_held():
                continue
            if quotation._is_confirmation_amount_reached():
                quotation._dunning_hold_for_decision("paid")
                held |= tx
        return super(PaymentTransaction, self - held)._check_amount_and_confirm_order()
