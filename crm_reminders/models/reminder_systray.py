from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# The snooze choices of the bell and of the pop-ups; "tomorrow" is the start of the user's
# next working day, in his time zone.
SNOOZE_CHOICES = {"15min": 15, "1h": 60, "tomorrow": None}
MAX_SNOOZED_SHOWN = 50


class CrmReminderSystray(models.Model):
    """What the bell in the top bar needs beyond the reminder API: snoozing by a labelled
    choice rather than a number of minutes, and the list of what the user snoozed (with
    until when), so a snoozed reminder does not just vanish."""

    _inherit = "crm.reminder"

    @api.model
    def snooze_reminder_choice(self, key, choice):
        """Snooze reminder ``key`` for one of the bell's choices.

        :param key: the reminder's key (see get_reminders)
        :param choice: "15min", "1h" or "tomorrow" (the start of the next working day)
        :return: the end of the snooze, "YYYY-MM-DD HH:MM:SS" UTC
        :raise UserError: unknown choice or key
        """
        if not isinstance(choice, str) or choice not in SNOOZE_CHOICES:
            raise UserError(
                _(
                    "%(choice)s is not a snooze choice; use one of %(choices)s.",
                    choice=str(choice)[:40],
                    choices=", ".join(SNOOZE_CHOICES),
                )
            )
        now = fields.Datetime.now()
        minutes = SNOOZE_CHOICES[choice] or self._minutes_until_next_morning(now)
        self.snooze_reminder(key, minutes)
        return fields.Datetime.to_string(now + timedelta(minutes=minutes))

    @api.model
    def _minutes_until_next_morning(self, now):
        """Whole minutes from ``now`` (naive UTC) to tomorrow's start of the current user's
        working day in his time zone."""
        user = self.env.user
        tz = pytz.timezone(user.tz or "UTC")
        local_now = pytz.utc.localize(now).astimezone(tz)
        hour_from = user.crm_reminder_hour_from
        start = time(int(hour_from), round((hour_from % 1) * 60) % 60)
        morning = tz.localize(datetime.combine(local_now.date() + timedelta(days=1), start))
        return max(1, -(-int((morning - local_now).total_seconds()) // 60))

    @api.model
    def get_snoozed_reminders(self):
        """The current user's snoozed reminders whose record he can still read, the one
        waking first on top.

        :return: list of dicts ``{key, title, source, deadline, snoozed_until}`` (times as
            "YYYY-MM-DD HH:MM:SS" UTC)
        """
        states = self.sudo().search(
            [("user_id", "=", self.env.uid), ("dismissed", "=", False), ("snoozed_until", ">", fields.Datetime.now())],
            order="snoozed_until, id",
            limit=MAX_SNOOZED_SHOWN,
        )
        sources = {}
        for source in self.env["crm.reminder.source"].sudo().search([]):
            sources.setdefault(source.model, source.name)
        result = []
        for state in states:
            Model = self.env.get(state.res_model)
            if Model is None or not Model.has_access("read"):
                continue
            record = Model.browse(state.res_id).exists()
            if not record or not record.has_access("read"):
                continue
            stamp = state.key.rsplit(":", 1)[1]
            result.append(
                {
                    "key": state.key,
                    "title": record.display_name,
                    "source": sources.get(state.res_model, ""),
                    "deadline": fields.Datetime.to_string(datetime.strptime(stamp, "%Y%m%d%H%M%S")),
                    "snoozed_until": fields.Datetime.to_string(state.snoozed_until),
                }
            )
        return result

    @api.model
    def wake_reminder(self, key):
        """End the snooze of reminder ``key`` now: it is listed (and pops up) again."""
        key = self._check_key(key)
        self.sudo().search([("user_id", "=", self.env.uid), ("key", "=", key)]).write({"snoozed_until": False})
        return True
