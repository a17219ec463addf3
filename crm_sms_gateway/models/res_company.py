from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_quiet_hours = fields.Boolean(
        string="SMS Quiet Hours",
        help="Hold SMS created at night (recipient's time zone) until the morning, unless urgent.",
    )
    sms_quiet_start = fields.Float(string="Quiet From", default=21.0)
    sms_quiet_end = fields.Float(string="Quiet Until", default=8.0)

    @api.constrains("sms_quiet_start", "sms_quiet_end")
    def _check_sms_quiet_hours(self):
        for company in self:
            if not (0 <= company.sms_quiet_start < 24 and 0 <= company.sms_quiet_end < 24):
                raise ValidationError(_("Quiet hours are hours of the day, from 00:00 to 23:59."))
