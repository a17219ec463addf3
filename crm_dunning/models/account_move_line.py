from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def reconcile(self):
        result = super().reconcile()
        self.partner_id._dunning_lift_paid_blocks()
        return result
