from odoo import api, models

from .crm_task import OPEN_STATES

PRIORITY_URGENCY = {"0": "low", "1": "normal", "2": "high", "3": "high"}


class CrmTask(models.Model):
    """Built-in reminder source: open contacts and tasks the user owns or takes part in."""

    _name = "crm.task"
    _inherit = ["crm.task", "crm.reminder.source.mixin"]  # noqa: RUF012

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        rows = self._crm_reminder_rows(
            user,
            [
                ("state", "in", OPEN_STATES),
                ("deadline", "<=", date_to),
                "|",
                ("user_id", "=", user.id),
                ("participant_ids", "in", user.id),
            ],
            ["id", "name", "deadline", "priority"],
            "deadline, id",
            limit,
        )
        return [
            {"res_id": id_, "title": name, "deadline": deadline, "urgency": PRIORITY_URGENCY[priority]}
            for id_, name, deadline, priority in rows
        ]
