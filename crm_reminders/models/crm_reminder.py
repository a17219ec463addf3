import math
import re
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .crm_reminder_source_mixin import user_reader
from .reminder_time import ReminderClock, deadline_stamp, lead_delta, parse_stamp, window_end

# model:res_id:deadline; \Z, not $, so that a trailing newline is no part of a key.
KEY_RE = re.compile(r"(?P<model>[a-z][a-z0-9_.]{0,63}):(?P<res_id>[1-9][0-9]{0,9}):(?P<deadline>[0-9]{14})\Z")
MAX_RECORD_ID = 2**31 - 1  # PostgreSQL's integer
MAX_SNOOZE_MINUTES = 60 * 24 * 30
MAX_LIMIT = 10_000
SHOWN_INPUT_LENGTH = 60  # of a refused argument, in the error message


class CrmReminder(models.Model):
    """Per-user state of one reminder (snoozed until / dismissed), plus the reminder API.

    A reminder itself is not stored: it is computed from the sources each time (see
    :meth:`get_reminders`), so it always reflects the live deadline and disappears with its
    record. Only what the user decided about it is stored, here, per user, so a snooze or
    dismissal holds across logins, devices, the web client and the external Przypominacz.

    The key of a reminder is ``model:res_id:deadline`` (deadline as ``YYYYMMDDHHMMSS`` UTC):
    when a deadline moves, the item is a new reminder and comes back even if the old one was
    dismissed.
    """

    _name = "crm.reminder"
    _description = "Reminder State"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", default=lambda self: self.env.user)
    key = fields.Char(required=True)
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True)
    snoozed_until = fields.Datetime()
    dismissed = fields.Boolean()

    _sql_constraints = [  # noqa: RUF012 - Odoo reads this class attribute
        ("user_key_unique", "unique(user_id, key)", "A reminder has one state per user."),
    ]

    # ------------------------------------------------------------------ public API
    @api.model
    def get_reminders(self, limit=None):
        """The current user's reminders, earliest deadline first.

        :param limit: at most this many entries (None: all within the window)
        :return: list of dicts ``{key, source, title, deadline ("YYYY-MM-DD HH:MM:SS" UTC),
            model, res_id, urgency, overdue, state ("due"|"upcoming"), all_day}``; snoozed and
            dismissed items are left out. ``due`` means the reminder has fallen due (its
            deadline minus the lead time has passed); ``upcoming`` ones fall due within a day.
            ``all_day`` is true for a deadline without a time (a date): its ``deadline`` is
            then the start of the user's working day that date, and shows as the date alone.
        """
        limit = self._check_limit(limit)
        if limit == 0:
            return []
        return [self._format_item(item) for item in self._collect(self.env.user, fields.Datetime.now(), limit)]

    @api.model
    def get_reminder_summary(self, limit=20):
        """What the systray shows: the first ``limit`` entries, how many of them are due, and
        whether more entries follow (the badge then reads e.g. "20+"). Counting everything
        would cost a full list on every refresh; the first ``limit`` are what a user acts on."""
        limit = self._check_limit(limit)
        items = self._collect(self.env.user, fields.Datetime.now(), None if limit is None else limit + 1)
        shown = items[:limit]
        return {
            "count": sum(1 for item in shown if item["state"] == "due"),
            "more": limit is not None and len(items) > limit,
            "items": [self._format_item(item) for item in shown],
        }

    @api.model
    def snooze_reminder(self, key, minutes):
        """Hide reminder ``key`` from the current user for ``minutes`` minutes; the pop-up
        comes again when the snooze ends."""
        key = self._check_key(key)
        minutes = self._check_minutes(minutes)
        until = fields.Datetime.now() + timedelta(minutes=minutes)
        self._set_state(key, {"snoozed_until": until, "dismissed": False})
        # Forget the pop-up already sent, so the scheduled action pops it up again later.
        self.env["crm.reminder.notification"].sudo().search(
            [("user_id", "=", self.env.uid), ("key", "=", key), ("kind", "=", "popup")]
        ).unlink()
        return True

    @api.model
    def dismiss_reminder(self, key):
        """Hide reminder ``key`` from the current user for good (until its deadline moves)."""
        key = self._check_key(key)
        self._set_state(key, {"dismissed": True, "snoozed_until": False})
        return True

    # ------------------------------------------------------------------ argument checks
    # The public methods are called over RPC with whatever a client sends: each argument is
    # checked here and refused with a UserError the user can read, in his language, before
    # it reaches Python arithmetic or the database.

    @api.model
    def _shown(self, value):
        """A refused argument as the error message shows it: its text, cut short."""
        text = value if isinstance(value, str) else repr(value)
        text = text if len(text) <= SHOWN_INPUT_LENGTH else text[: SHOWN_INPUT_LENGTH - 1] + "\u2026"
        return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text

    @api.model
    def _check_key(self, key):
        """``key`` if it is a well-formed reminder key (see the class docstring)."""
        match = KEY_RE.match(key) if isinstance(key, str) else None
        if match and int(match["res_id"]) <= MAX_RECORD_ID:
            try:
                parse_stamp(match["deadline"])
            except ValueError:
                match = None
        else:
            match = None
        if not match:
            raise UserError(_("%(key)s is not a reminder key.", key=self._shown(key)))
        return key

    @api.model
    def _check_limit(self, limit):
        """``limit`` as a whole number from 0 to MAX_LIMIT, or None (no limit)."""
        if limit is None:
            return None
        if isinstance(limit, str) and re.fullmatch(r"\s*[0-9]{1,9}\s*", limit):
            limit = int(limit)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
            raise UserError(
                _(
                    "The number of reminders to list must be a whole number from 0 to %(max)s, not %(value)s.",
                    max=MAX_LIMIT,
                    value=self._shown(limit),
                )
            )
        return limit

    @api.model
    def _check_minutes(self, minutes):
        """``minutes`` as a whole number of minutes from 1 to MAX_SNOOZE_MINUTES."""
        if isinstance(minutes, int) and not isinstance(minutes, bool):
            number = minutes  # however large: compared, never converted
        else:
            try:
                number = float(minutes) if isinstance(minutes, (float, str)) else math.nan
            except (ValueError, OverflowError):
                number = math.nan
            if not math.isfinite(number) or number != int(number):
                raise UserError(_("Snooze time must be a whole number of minutes."))
        if not 1 <= number <= MAX_SNOOZE_MINUTES:
            raise UserError(_("Snooze time must be between 1 and %(max)s minutes.", max=MAX_SNOOZE_MINUTES))
        return int(number)

    # ------------------------------------------------------------------ engine

    @api.model
    def _check_own_key(self, key):
        """``(model, res_id)`` of reminder ``key`` when it is one of the caller's: its model
        is that of a reminder source and the caller may read its record. A reminder of a
        colleague's record, or of one deleted meanwhile, is refused."""
        model, res_id, _deadline = key.split(":")
        res_id = int(res_id)
        models_ = self.env["crm.reminder.source"].sudo().search([]).mapped("model")
        Model = self.env.get(model) if model in models_ else None
        record = Model.browse(res_id).exists() if Model is not None else None
        if not record or not user_reader(record, self.env.user)._filtered_access("read"):
            raise UserError(_("%(key)s is not one of your reminders.", key=key))
        return model, res_id

    @api.model
    def _set_state(self, key, values):
        """Store the caller's decision on reminder ``key``.

        Reminder states are read-only to users: a write of ``user_id`` or ``key`` would move
        a state to a colleague and snooze or dismiss his reminder. Only this API writes them,
        as superuser, always for the caller and after checking the key is his.
        """
        model, res_id = self._check_own_key(key)
        States = self.sudo()
        state = States.search([("user_id", "=", self.env.uid), ("key", "=", key)], limit=1)
        if state:
            state.write(values)
        else:
            States.create({"user_id": self.env.uid, "key": key, "res_model": model, "res_id": res_id, **values})

    @api.model
    def _hidden_keys(self, user, now):
        states = self.sudo().search_fetch(
            [("user_id", "=", user.id), "|", ("dismissed", "=", True), ("snoozed_until", ">", now)], ["key"]
        )
        return set(states.mapped("key"))

    @api.model
    def _user_clock(self, user, now):
        """``user``'s :class:`ReminderClock` at ``now``: his time zone, working hours and
        lead time, read once per list."""
        user = user.sudo()
        # Only what the engine reads (a plain read would load every column of res.users);
        # partner_id is for the sources that look for the user's partner.
        user.fetch(["partner_id", *user._crm_reminder_preference_fields()])
        # tz is the partner's: its column alone (reading user.tz would load the whole partner)
        user.partner_id.fetch(["tz"])
        return ReminderClock(
            now=now,
            tz_name=user.tz,
            hour_from=user.crm_reminder_hour_from,
            hour_to=user.crm_reminder_hour_to,
            lead=lead_delta(user.crm_reminder_lead_time, user.crm_reminder_lead_unit),
        )

    @api.model
    def _source_items(self, source, model, kind, user, now, date_to, limit):
        """Raw items (see ReminderItem) of one source (of ``model`` and ``kind``) for ``user``.
        The user's read access on the source's model is checked here, once; a source whose
        model is gone, unreadable to the user or (kind code) no longer a reminder source gives
        nothing."""
        Model = self.env.get(model)
        if Model is None:
            return []
        Model = user_reader(Model, user)
        if not Model.has_access("read"):
            return []
        if kind == "field":
            return source._field_items(user, date_to, limit)
        if not isinstance(Model, self.pool["crm.reminder.source.mixin"]):
            return []
        items = Model._crm_reminder_items(source, user, date_to, limit=limit, now=now)
        if not items or Model._crm_reminder_live:
            return items or []
        # This source may answer with records deleted meanwhile: drop them, never fail the list.
        existing = set(Model.sudo().browse({item["res_id"] for item in items}).exists().ids)
        return [item for item in items if item["res_id"] in existing]

    @api.model
    def _collect(self, user, now, limit=None):
        """Merged, de-duplicated, filtered items of every active source for ``user`` at ``now``.

        Each source is asked for at most ``limit`` plus the number of hidden keys items (the
        hidden ones can only remove that many), so the systray stays cheap however many open
        deadlines a user has.
        """
        clock = self._user_clock(user, now)
        hidden = self._hidden_keys(user, now)
        fetch_limit = limit + len(hidden) if limit else None
        items = {}
        Source = self.env["crm.reminder.source"].sudo()
        for source_id, name, model, kind, source_lead in Source._active_sources():
            lead = source_lead or clock.lead
            date_to = window_end(now, lead)
            origin = (name, model)  # read once, not per item
            source = Source.browse(source_id)
            for raw in self._source_items(source, model, kind, user, now, date_to, fetch_limit):
                item = self._prepare_item(origin, raw, lead, clock)
                if item["deadline"] > date_to or item["key"] in hidden or item["key"] in items:
                    continue
                items[item["key"]] = item
        result = sorted(items.values(), key=lambda item: (item["deadline"], item["key"]))
        return result[:limit] if limit else result

    @api.model
    def _prepare_item(self, origin, raw, lead, clock):
        """One list entry from a source's raw item; ``origin`` is (source name, model),
        ``lead`` the lead time that applies, ``clock`` the user's :class:`ReminderClock`."""
        source_name, source_model = origin
        all_day = bool(raw.get("all_day")) or not isinstance(raw["deadline"], datetime)
        deadline, overdue = clock.place(raw["deadline"], all_day)
        text, compact = deadline_stamp(deadline)
        return {
            "key": f"{source_model}:{raw['res_id']}:{compact}",
            "source": source_name,
            "title": raw.get("title") or "",
            "deadline": deadline,
            "deadline_text": text,
            "model": raw.get("link_model") or source_model,
            "res_id": raw.get("link_id") or raw["res_id"],
            "urgency": "high" if overdue else raw.get("urgency") or "normal",
            "overdue": overdue,
            "state": "due" if clock.is_due(deadline, lead) else "upcoming",
            "all_day": all_day,
        }

    @api.model
    def _format_item(self, item):
        """The public form of an entry (see get_reminders): the deadline as UTC text."""
        return {
            "key": item["key"],
            "source": item["source"],
            "title": item["title"],
            "deadline": item["deadline_text"],
            "model": item["model"],
            "res_id": item["res_id"],
            "urgency": item["urgency"],
            "overdue": item["overdue"],
            "state": item["state"],
            "all_day": item["all_day"],
        }

    @api.autovacuum
    def _gc_expired_snoozes(self):
        """Snoozes that ended carry no information any more."""
        self.sudo().search([("dismissed", "=", False), ("snoozed_until", "<", fields.Datetime.now())]).unlink()
