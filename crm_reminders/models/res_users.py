from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .input_checks import MAX_INT, check_values
from .reminder_time import LEAD_UNIT_SELECTION, MAX_LEAD, lead_in_range, to_local

# Bounds of the preferences a user may send (see input_checks).
PREFERENCE_LIMITS = {
    "crm_reminder_lead_time": (-MAX_INT, 9999),  # a negative one gets the constraint's message
    "crm_reminder_hour_from": (0, 24),
    "crm_reminder_hour_to": (0, 24),
}


class ResUsers(models.Model):
    """Each user's Przypominacz preferences, editable by the user in My Preferences
    (hence listed in the self readable/writeable fields)."""

    _inherit = "res.users"

    crm_reminder_lead_time = fields.Integer(
        string="Reminder Lead Time", default=15, help="How long before a deadline you are reminded."
    )
    crm_reminder_lead_unit = fields.Selection(
        LEAD_UNIT_SELECTION,
        string="Reminder Lead Unit",
        default="minutes",
        required=True,
    )
    crm_reminder_hour_from = fields.Float(
        string="Working Hours From", default=8.0, help="Pop-ups and the digest are sent within working hours."
    )
    crm_reminder_hour_to = fields.Float(string="Working Hours To", default=17.0)
    crm_reminder_popup = fields.Boolean(string="Reminder Pop-ups", default=True)
    crm_reminder_digest = fields.Boolean(string="Daily Reminder Digest", default=False)
    crm_reminder_team_ids = fields.Many2many(
        "res.users",
        "crm_team_member_rel",
        "leader_id",
        "member_id",
        string="CRM Team Members",
        help="Users whose contacts and tasks the 'My Team' filters show.",
    )
    crm_reminder_sms = fields.Boolean(
        string="Reminders by SMS", default=False, help="Used when an SMS gateway addon is installed."
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + self._crm_reminder_preference_fields()

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + self._crm_reminder_preference_fields()

    def _crm_reminder_preference_fields(self):
        return [
            "crm_reminder_lead_time",
            "crm_reminder_lead_unit",
            "crm_reminder_hour_from",
            "crm_reminder_hour_to",
            "crm_reminder_popup",
            "crm_reminder_digest",
            "crm_reminder_sms",
        ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_crm_reminder_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_crm_reminder_values(vals)
        return super().write(vals)

    def _check_crm_reminder_values(self, vals):
        """Clear errors for wrong types or sizes of the reminder preferences (a user writes
        them himself, from My Preferences or over RPC)."""
        if isinstance(vals, dict):
            names = {*self._crm_reminder_preference_fields(), "crm_reminder_team_ids"}
            check_values(self, {name: value for name, value in vals.items() if name in names}, PREFERENCE_LIMITS)

    @api.constrains(
        "crm_reminder_lead_time", "crm_reminder_lead_unit", "crm_reminder_hour_from", "crm_reminder_hour_to"
    )
    def _check_crm_reminder_preferences(self):
        for user in self:
            if user.crm_reminder_lead_time < 0:
                raise ValidationError(_("The reminder lead time cannot be negative."))
            if not lead_in_range(user.crm_reminder_lead_time, user.crm_reminder_lead_unit):
                raise ValidationError(_("The reminder lead time cannot exceed %(days)s days.", days=MAX_LEAD.days))
            if not 0 <= user.crm_reminder_hour_from < user.crm_reminder_hour_to <= 24:
                raise ValidationError(_("Working hours must run forward within one day, e.g. from 8:00 to 17:00."))

    def _crm_local_datetime(self, value):
        """Naive UTC ``value`` as a naive datetime in this user's time zone."""
        self.ensure_one()
        return to_local(value, self.tz)
