import logging

from odoo import _, api, fields, models, modules

_logger = logging.getLogger(__name__)

POPUP_LIST_MAX = 10


class CrmReminderNotification(models.Model):
    """What the scheduled action already told whom: one row per user, reminder key and
    channel. It is written in the same transaction as the bus message or the digest e-mail
    it records, and (user, key, kind) is unique, so a run killed at any point and rerun
    neither repeats nor loses a notification."""

    _name = "crm.reminder.notification"
    _description = "Reminder Notification Log"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    key = fields.Char(required=True)
    kind = fields.Selection([("popup", "Pop-up"), ("digest", "Daily Digest")], required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    _sql_constraints = [  # noqa: RUF012 - Odoo reads this class attribute
        ("user_key_kind_unique", "unique(user_id, key, kind)", "A reminder is notified once per user and channel."),
    ]

    @api.model
    def _cron_send_reminders(self):
        """Send pop-ups and daily digests to every user who wants them; commits per user
        outside tests so that work done stays done if the run is killed."""
        users = self.env["res.users"].search(
            [("share", "=", False), "|", ("crm_reminder_popup", "=", True), ("crm_reminder_digest", "=", True)]
        )
        for done, user in enumerate(users, start=1):
            self._notify_user(user)
            if not modules.module.current_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(users) - done)

    @api.model
    def _notify_user(self, user, now=None):
        """Pop-ups for due reminders not yet popped up; the digest once per local day, both
        only within the user's working hours (outside them nothing is logged, so they are
        sent when the working day starts)."""
        now = now or fields.Datetime.now()
        Reminder = self.env["crm.reminder"]
        clock = Reminder._user_clock(user, now)
        if not clock.working:
            return
        items = Reminder.with_user(user)._collect(user, now)
        if user.crm_reminder_popup:
            self._send_popup(user, [item for item in items if item["state"] == "due"])
        if user.crm_reminder_digest:
            self._send_digest(user, items, clock)

    @api.model
    def _sent_keys(self, user, keys, kind):
        if not keys:
            return set()
        logs = self.search_fetch([("user_id", "=", user.id), ("kind", "=", kind), ("key", "in", list(keys))], ["key"])
        return set(logs.mapped("key"))

    @api.model
    def _send_popup(self, user, items):
        sent = self._sent_keys(user, [item["key"] for item in items], "popup")
        new = [item for item in items if item["key"] not in sent]
        if not new:
            return
        Reminder = self.env["crm.reminder"]
        payload = {
            "count": len(new),
            "items": [Reminder._format_item(item) for item in new[:POPUP_LIST_MAX]],
        }
        user._bus_send("crm_reminders/popup", payload)
        self.create([{"user_id": user.id, "key": item["key"], "kind": "popup"} for item in new])

    @api.model
    def _send_digest(self, user, items, clock):
        key = f"digest:{clock.today:%Y%m%d}"
        if not items or self._sent_keys(user, [key], "digest") or not user.email:
            return
        # The digest speaks the user's language.
        self.with_context(lang=user.lang)._create_digest_mail(user, items, clock)
        self.create({"user_id": user.id, "key": key, "kind": "digest"})

    @api.model
    def _create_digest_mail(self, user, items, clock):
        body = self.env["ir.qweb"]._render(
            "crm_reminders.reminder_digest",
            {
                "user": user,
                "items": items,
                "local": lambda item: clock.local(item["deadline"]),
            },
        )
        self.env["mail.mail"].sudo().create(
            {
                "subject": _("Your reminders for %(date)s", date=clock.today.strftime("%Y-%m-%d")),
                "body_html": body,
                "email_to": user.email_formatted,
                "email_from": (user.company_id.email_formatted or self.env.user.email_formatted),
                "auto_delete": True,
            }
        )

    @api.autovacuum
    def _gc_old_notifications(self):
        """Digest logs older than a quarter carry no information (their day is past); pop-up
        logs stay, since an old overdue reminder must not pop up again."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=90)
        self.search([("kind", "=", "digest"), ("date", "<", limit)]).unlink()
