from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import create_index

# What a user may change on the event of a task in Odoo's calendar: moving or stretching it
# reschedules the task. Anything else is changed on the task.
TASK_EVENT_RESCHEDULE_FIELDS = frozenset({"start", "stop", "duration"})


class CalendarEvent(models.Model):
    """Built-in reminder source: meetings the user attends; and the way back from Odoo's
    calendar to a CRM task (an event made for a task moves the task's deadline when it is
    dragged in the calendar).

    The event of a task is a mirror: it is private (Odoo shows others "Busy"), and it is
    changed only through its task. The task writes it as superuser after its own access
    check; any other write is refused, except a move by someone who may change the task,
    which reschedules the task.
    """

    _inherit = "calendar.event"

    def _auto_init(self):
        res = super()._auto_init()
        create_index(self.env.cr, "calendar_event_start_index", self._table, ["start"])
        return res

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        task_events = self._crm_task_events()
        if not task_events:
            return super().write(vals)
        allowed = TASK_EVENT_RESCHEDULE_FIELDS | ({"allday"} if not vals.get("allday") else set())
        tasks = task_events._crm_check_task_access(set(vals) - allowed)
        res = super().write(vals)
        if {"start", "stop"} & set(vals):
            for event in task_events.sudo():
                hours = (event.stop - event.start).total_seconds() / 3600
                tasks[event.res_id].write({"deadline": event.start, "duration": hours})
        return res

    def unlink(self):
        if not self.env.su:
            self._crm_task_events()._crm_check_task_access(deleting=True)
        return super().unlink()

    def _crm_task_events(self):
        """The events of ``self`` that mirror a CRM task. Read as superuser and afresh: for
        others, a private event's link is masked in the cache."""
        self.invalidate_recordset(["res_model", "res_id"])
        return self.sudo().filtered(lambda e: e.res_model == "crm.task" and e.res_id).with_env(self.env)

    def _crm_check_task_access(self, refused_fields=(), deleting=False):
        """Refuse changing the events of tasks except by moving them, and only to those who
        may change the task.

        :param refused_fields: field names of a write that only the task may change
        :param deleting: the events are being deleted (always refused)
        :return: dict task id -> task (as the current user) of the events
        :raise UserError: the change must be made on the task
        :raise AccessError: the user may not change the task
        """
        Task = self.env["crm.task"]
        tasks = {task.id: task for task in Task.browse(self.sudo().mapped("res_id")).exists()}
        for event in self.sudo():
            task = tasks.get(event.res_id, Task)
            if deleting or refused_fields or not task:
                if task and task.has_access("read"):
                    message = _(
                        "This calendar event belongs to the contact or task %(task)s: change, cancel or delete "
                        "it there.",
                        task=task.name,
                    )
                else:
                    message = _("This calendar event belongs to a contact or task: only the task can change it.")
                raise UserError(message)
        Task.browse(list(tasks)).check_access("write")
        return tasks
