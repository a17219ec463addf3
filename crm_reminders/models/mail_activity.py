from odoo import api, models
from odoo.tools import create_index

from .reminder_time import to_local


class MailActivity(models.Model):
    """Built-in reminder source: the user's open activities (Odoo's own to-dos).

    Activities created by a meeting (``calendar_event_id`` set) are left to the calendar
    source, so one meeting gives one reminder. The rows are those the user's record rules
    allow (core's per-document check of ``mail.activity._search`` is not needed: the domain
    keeps only activities assigned to the user, which core lets him read anyway).
    """

    _name = "mail.activity"
    _inherit = ["mail.activity", "crm.reminder.source.mixin"]  # noqa: RUF012

    def _auto_init(self):
        res = super()._auto_init()
        # The reminder list reads "this user's activities by deadline": one index answers it
        # with a short range scan however many activities other users have.
        create_index(
            self.env.cr, "mail_activity_user_id_date_deadline_index", self._table, ["user_id", "date_deadline", "id"]
        )
        return res

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        local_date_to = to_local(date_to, user.tz).date()
        rows = self._crm_reminder_rows(
            user,
            [("user_id", "=", user.id), ("date_deadline", "<=", local_date_to), ("calendar_event_id", "=", False)],
            ["id", "res_model", "res_id", "res_name", "summary", "date_deadline", "activity_type_id"],
            "date_deadline, id",
            limit,
        )
        type_ids = list({row[6] for row in rows if row[6]})
        types = self.env["mail.activity.type"].sudo().search_fetch([("id", "in", type_ids)], ["name"])
        type_names = {activity_type.id: activity_type.name for activity_type in types}
        return [
            {
                "res_id": id_,
                "title": " - ".join(filter(None, [summary or type_names.get(type_id), res_name])),
                "deadline": deadline,
                "all_day": True,
                "link_model": res_model,
                "link_id": res_id,
            }
            for id_, res_model, res_id, res_name, summary, deadline, type_id in rows
        ]
