from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    offer_validity_days = fields.Integer(related="company_id.offer_validity_days", readonly=False)
    offer_reminder_days = fields.Integer(related="company_id.offer_reminder_days", readonly=False)
    offer_post_invoice = fields.Boolean(related="company_id.offer_post_invoice", readonly=False)

    def set_values(self):
        """Keep the offer reminder source's lead time equal to the reminder days, so the
        Przypominacz looks as far ahead as offers need."""
        res = super().set_values()
        source = self.env.ref("crm_offers.reminder_source_offer_expiry", raise_if_not_found=False)
        if source and self.offer_reminder_days >= 0:
            source.sudo().write({"lead_time": self.offer_reminder_days, "lead_unit": "days"})
        return res
