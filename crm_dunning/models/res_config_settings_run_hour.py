from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RUN_HOUR_PARAM = "crm_dunning.run_hour"
DEFAULT_RUN_HOUR = 6.0


class ResConfigSettings(models.TransientModel):
    """The hour of day of the unattended dunning run (the scheduled action's next call)."""

    _inherit = "res.config.settings"

    dunning_run_hour = fields.Float(
        config_parameter=RUN_HOUR_PARAM,
        default=DEFAULT_RUN_HOUR,
        help="The time of day (in the company's time zone) at which the scheduled action runs the "
        "dunning schemes of every company.",
    )

    @api.constrains("dunning_run_hour")
    def _check_dunning_run_hour(self):
        for settings in self:
            if not 0 <= settings.dunning_run_hour < 24:
                raise ValidationError(
                    _(
                        "The dunning run hour must be a time of day between 00:00 and 23:59, not %(hour)s.",
                        hour=settings.dunning_run_hour,
                    )
                )

    def set_values(self):
        previous = float(self.env["ir.config_parameter"].sudo().get_param(RUN_HOUR_PARAM, DEFAULT_RUN_HOUR))
        result = super().set_values()
        if self.dunning_run_hour != previous:
            self.env["crm.dunning.scheme"]._dunning_schedule_run(self.dunning_run_hour, self.env.company)
        return result
