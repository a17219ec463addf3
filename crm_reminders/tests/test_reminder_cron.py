from datetime import datetime

from freezegun import freeze_time

from .common import ReminderCase


class TestReminderCron(ReminderCase):
    """The scheduled action: pop-ups on the bus and daily digests, each once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user.write({"crm_reminder_digest": True})
        cls.Log = cls.env["crm.reminder.notification"]

    def _popups(self):
        """Pop-ups sent to the user's partner (the bus writes them when the transaction
        commits: run those pre-commit hooks as a commit would)."""
        self.env.cr.precommit.run()
        channel = f'"res.partner",{self.user.partner_id.id}]'
        notifications = self.env["bus.bus"].sudo().search([("message", "like", "crm_reminders/popup")], order="id")
        return notifications.filtered(lambda n: n.channel.endswith(channel))

    def _run(self):
        self.Log._cron_send_reminders()

    def test_popup_once_and_again_after_snooze(self):
        with freeze_time("2026-03-02 10:00:00"):
            task = self.make_task(name="Call ACME", deadline=datetime(2026, 3, 2, 10, 10))
            self.make_task(name="Later", deadline=datetime(2026, 3, 2, 15, 0))
            self._run()
            popups = self._popups()
            self.assertEqual(len(popups), 1)
            self.assertIn("Call ACME", popups[0].message)
            self.assertNotIn("Later", popups[0].message, "not due yet")
            self._run()  # a rerun, e.g. after the run was killed after committing this user
            self.assertEqual(len(self._popups()), 1, "no reminder popped up twice")
            key = f"crm.task:{task.id}:20260302101000"
            self.assertTrue(
                self.Log.search([("user_id", "=", self.user.id), ("key", "=", key), ("kind", "=", "popup")])
            )
            self.env["crm.reminder"].with_user(self.user).snooze_reminder(key, 10)
            self._run()
            self.assertEqual(len(self._popups()), 1, "snoozed: no pop-up")
        with freeze_time("2026-03-02 10:11:00"):
            self._run()
            self.assertEqual(len(self._popups()), 2, "the snooze ended: it pops up again")
        with freeze_time("2026-03-02 14:46:00"):
            self._run()
            popups = self._popups()
            self.assertEqual(len(popups), 3)
            self.assertIn("Later", popups[-1].message, "none skipped")

    def test_outside_working_hours_nothing_is_sent_nor_logged(self):
        with freeze_time("2026-03-02 06:00:00"):
            self.make_task(name="Early", deadline=datetime(2026, 3, 2, 6, 5))
            self._run()
            self.assertFalse(self._popups())
            self.assertFalse(self.Log.search([("user_id", "=", self.user.id)]))
        with freeze_time("2026-03-02 08:00:00"):
            self._run()
            self.assertEqual(len(self._popups()), 1, "sent when the working day starts")

    def test_killed_run_is_rolled_back_and_resent(self):
        """A run killed before its commit leaves neither the bus message nor the log: the
        rerun sends it, once."""
        with freeze_time("2026-03-02 10:00:00"):
            self.make_task(name="Once", deadline=datetime(2026, 3, 2, 10, 5))
            with self.assertRaises(KeyboardInterrupt), self.env.cr.savepoint():
                self._run()
                raise KeyboardInterrupt  # the process dies before committing
            self.env.cr.precommit.clear()  # ... and with it what it meant to send on commit
            self.assertFalse(self._popups())
            self.assertFalse(self.Log.search([("user_id", "=", self.user.id)]))
            self._run()
            self.assertEqual(len(self._popups()), 1)

    def test_daily_digest_once_per_day(self):
        Mail = self.env["mail.mail"].sudo()
        with freeze_time("2026-03-02 09:00:00"):
            self.make_task(name="Quote follow-up", deadline=datetime(2026, 3, 2, 16, 0))
            self.make_task(name="Forgotten", deadline=datetime(2026, 2, 27, 16, 0))
            self._run()
            self._run()
            mails = Mail.search([("email_to", "ilike", "rem.user@example.com")])
            self.assertEqual(len(mails), 1)
            self.assertIn("Quote follow-up", mails.body_html)
            self.assertIn("Forgotten", mails.body_html)
            self.assertIn("overdue", mails.body_html)
        with freeze_time("2026-03-03 09:00:00"):
            self._run()
            self.assertEqual(len(Mail.search([("email_to", "ilike", "rem.user@example.com")])), 2)

    def test_channels_off(self):
        self.user.write({"crm_reminder_popup": False, "crm_reminder_digest": False})
        with freeze_time("2026-03-02 10:00:00"):
            self.make_task(name="Quiet", deadline=datetime(2026, 3, 2, 10, 5))
            self._run()
        self.assertFalse(self._popups())
        self.assertFalse(self.Log.search([("user_id", "=", self.user.id)]))

    def test_preferences_are_self_writeable(self):
        self.user.with_user(self.user).sudo(False).write(
            {"crm_reminder_lead_time": 1, "crm_reminder_lead_unit": "days", "crm_reminder_sms": True}
        )
        self.assertEqual(self.user.crm_reminder_lead_unit, "days")
        self.assertIn("crm_reminder_sms", self.user.SELF_WRITEABLE_FIELDS)
