from odoo import api, fields, models


class CalendarEvent(models.Model):
    """Built-in reminder source: meetings the user attends that have not ended.

    Events of a CRM task are left out: the task itself is the reminder.
    """

    _name = "calendar.event"
    _inherit = ["calendar.event", "crm.reminder.source.mixin"]  # noqa: RUF012

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        rows = self._crm_reminder_rows(
            user,
            [
                ("partner_ids", "in", user.partner_id.id),
                ("start", "<=", date_to),
                ("stop", ">=", now or fields.Datetime.now()),
                ("res_model", "!=", "crm.task"),
            ],
            ["id", "name", "start", "allday", "start_date"],
            "start, id",
            limit,
        )
        return [
            {"res_id": id_, "title": name, "deadline": start_date if allday else start, "all_day": allday}
            for id_, name, start, allday, start_date in rows
        ]
