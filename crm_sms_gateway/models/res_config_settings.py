from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_quiet_hours = fields.Boolean(related="company_id.sms_quiet_hours", readonly=False)
    sms_quiet_start = fields.Float(related="company_id.sms_quiet_start", readonly=False)
    sms_quiet_end = fields.Float(related="company_id.sms_quiet_end", readonly=False)
