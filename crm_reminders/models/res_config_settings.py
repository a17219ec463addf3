from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .ir_cron import MAX_WORKERS, WORKERS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_cron_workers = fields.Integer(
        string="Parallel Workers",
        config_parameter=WORKERS_PARAM,
        default=1,
        help="How many scheduled actions share each heavy run (recurring invoice generation and "
        "the like). Each Odoo server runs as many at once as it has cron threads "
        "(--max-cron-threads); add servers against the same database to go further.",
    )

    @api.constrains("crm_cron_workers")
    def _check_crm_cron_workers(self):
        for settings in self:
            if not 1 <= settings.crm_cron_workers <= MAX_WORKERS:
                raise ValidationError(
                    _("The number of parallel workers must be between 1 and %(max)s.", max=MAX_WORKERS)
                )

    def set_values(self):
        result = super().set_values()
        self.env["ir.cron"]._crm_sync_workers(self.crm_cron_workers)
        return result
