from odoo import api, fields, models
from odoo.tools import SQL, create_index

# The span of an event as a range (stop before start, which core refuses anyway, taken as an
# instant, so that the expression never fails); the index and the query must spell it alike.
SPAN_SQL = "tsrange(start, greatest(start, stop), '[]')"


class CalendarEvent(models.Model):
    """Built-in reminder source: meetings the user attends that have not ended.

    Events of a CRM task are left out: the task itself is the reminder.
    """

    _name = "calendar.event"
    _inherit = ["calendar.event", "crm.reminder.source.mixin"]  # noqa: RUF012

    def _auto_init(self):
        res = super()._auto_init()
        # "Started by the end of the window and not ended yet" is a range overlap: with
        # start <= x and stop >= y alone, PostgreSQL walks every past meeting of every user
        # (a year of them at 100,000 items: 100 ms); a GiST index on the span finds the few
        # meetings around now directly.
        create_index(self.env.cr, "calendar_event_crm_reminder_span_index", self._table, [SPAN_SQL], method="gist")
        return res

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        now = now or fields.Datetime.now()
        start, stop = SQL.identifier(self._table, "start"), SQL.identifier(self._table, "stop")  # as in SPAN_SQL
        rows = self._crm_reminder_rows(
            user,
            [
                ("partner_ids", "in", user.partner_id.id),
                ("stop", ">=", now),  # and start <= date_to: said below, so that only the span index answers
                ("res_model", "!=", "crm.task"),
            ],
            ["id", "name", "start", "allday", "start_date"],
            "start, id",
            limit,
            # started by date_to, not ended before now (or date_to): a range overlap
            where=SQL(
                "tsrange(%s, greatest(%s, %s), '[]') && tsrange(%s, %s, '[]')",
                start,
                start,
                stop,
                min(now, date_to),
                date_to,
            ),
        )
        return [
            {"res_id": id_, "title": name, "deadline": start_date if allday else start, "all_day": allday}
            for id_, name, start, allday, start_date in rows
        ]
