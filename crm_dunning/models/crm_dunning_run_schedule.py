from odoo import api, fields, models

from .run_hour import next_run_at


class CrmDunningScheme(models.Model):
    """The time of day of the unattended run (Settings / Invoicing / Dunning)."""

    # one file a job, each extending crm.dunning.scheme
    _inherit = "crm.dunning.scheme"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _dunning_schedule_run(self, hour, company):
        """Move the dunning scheduled action's next call to the next ``hour`` o'clock in the time
        zone of ``company`` (its partner's, else the current user's, else UTC).

        :param hour: time of day as hours (6.5 is 06:30)
        :return: the new next call (naive UTC)
        """
        tz = company.partner_id.tz or self.env.user.tz or "UTC"
        nextcall = next_run_at(fields.Datetime.now(), hour, tz)
        cron = self.env.ref("crm_dunning.ir_cron_dunning").sudo()
        cron.write({"nextcall": nextcall, "interval_number": 1, "interval_type": "days"})
        return nextcall
