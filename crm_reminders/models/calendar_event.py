from odoo import api, fields, models
from odoo.tools import create_index


class CalendarEvent(models.Model):
    """Built-in reminder source: meetings the user attends; and the way back from Odoo's
    calendar to a CRM task (an event made for a task moves the task's deadline when it is
    dragged in the calendar)."""

    _inherit = "calendar.event"
    _crm_reminder_items_live = True

    def _auto_init(self):
        res = super()._auto_init()
        create_index(self.env.cr, "calendar_event_start_index", self._table, ["start"])
        return res

    @api.model
    def _crm_reminder_items(self, source, user, date_to):
        """Events ``user`` attends that have not ended and start by ``date_to``. Events of a
        CRM task are left out: the task itself is the reminder. Read as superuser because the
        attendee domain already limits them to the user's own events (private events of
        others never match)."""
        limit = self.env.context.get("crm_reminder_limit")
        rows = self.env["crm.reminder"]._fetch_rows(
            self.sudo(),
            [
                ("partner_ids", "in", user.partner_id.id),
                ("start", "<=", date_to),
                ("stop", ">=", fields.Datetime.now()),
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

    def write(self, vals):
        res = super().write(vals)
        if "start" in vals and not self.env.context.get("crm_task_sync"):
            task_events = self.filtered(lambda e: e.res_model == "crm.task" and e.res_id)
            for event in task_events:
                task = self.env["crm.task"].browse(event.res_id).exists()
                if task and task.deadline != event.start:
                    task.with_context(crm_task_sync=True).deadline = event.start
        return res
