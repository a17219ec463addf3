from datetime import datetime, time

from odoo import api, models


class CrmRecurringTemplate(models.Model):
    """Przypominacz source "Recurring invoices due or in error": the salesperson's running
    templates whose next generation date has come, and his templates in error."""

    _name = "crm.recurring.template"
    _inherit = ["crm.recurring.template", "crm.reminder.source.mixin"]  # noqa: RUF012
    _crm_reminder_index = ("user_id", "next_generation_date")

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        """A due template's deadline is the start (UTC) of its generation date; a template in
        error is urgent from its last change on. Each kind is read in deadline order, so
        ``limit`` holds for both."""
        due = self._crm_reminder_rows(
            user,
            [("user_id", "=", user.id), ("state", "=", "running"), ("next_generation_date", "<=", date_to.date())],
            ["id", "name", "next_generation_date"],
            "next_generation_date, id",
            limit,
        )
        failed = self._crm_reminder_rows(
            user,
            [("user_id", "=", user.id), ("state", "=", "error")],
            ["id", "name", "write_date"],
            "write_date, id",
            limit,
        )
        return [
            {
                "res_id": id_,
                "title": self.env._("Recurring invoices due: %(name)s", name=name),
                "deadline": datetime.combine(day, time.min),
                "urgency": "normal",
            }
            for id_, name, day in due
        ] + [
            {
                "res_id": id_,
                "title": self.env._("Recurring invoices failed: %(name)s", name=name),
                "deadline": write_date,
                "urgency": "high",
            }
            for id_, name, write_date in failed
        ]
