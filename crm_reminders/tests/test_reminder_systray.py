from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import ReminderCase


@freeze_time("2026-03-04 15:00:00")  # 16:00 in Warsaw
class TestReminderSystray(ReminderCase):
    """The bell's snooze choices and its list of snoozed reminders (issue 10, item 11)."""

    def setUp(self):
        super().setUp()
        self.user.write({"tz": "Europe/Warsaw", "crm_reminder_hour_from": 7.5})
        self.task = self.make_task(name="Call back", kind="call", deadline=datetime(2026, 3, 4, 15, 10))
        self.Reminder = self.env["crm.reminder"].with_user(self.user)
        self.key = self.Reminder.get_reminders()[0]["key"]

    def test_snooze_choices(self):
        self.assertEqual(self.Reminder.snooze_reminder_choice(self.key, "15min"), "2026-03-04 15:15:00")
        self.assertEqual(self.Reminder.snooze_reminder_choice(self.key, "1h"), "2026-03-04 16:00:00")
        # Tomorrow morning: the start of the user's working day (7:30 in Warsaw = 6:30 UTC).
        self.assertEqual(self.Reminder.snooze_reminder_choice(self.key, "tomorrow"), "2026-03-05 06:30:00")
        self.assertEqual(self.Reminder.get_reminders(), [])
        for choice in ("2h", 15, None, "tomorrow\n"):
            with self.subTest(choice=choice), self.assertRaisesRegex(UserError, "is not a snooze choice"):
                self.Reminder.snooze_reminder_choice(self.key, choice)
        state = self.env["crm.reminder"].search([("user_id", "=", self.user.id), ("key", "=", self.key)])
        self.assertEqual(state.snoozed_until, datetime(2026, 3, 5, 6, 30))

    def test_snoozed_list_and_wake(self):
        self.assertEqual(self.Reminder.get_snoozed_reminders(), [])
        self.Reminder.snooze_reminder_choice(self.key, "1h")
        snoozed = self.Reminder.get_snoozed_reminders()
        self.assertEqual(len(snoozed), 1)
        self.assertEqual(
            {key: snoozed[0][key] for key in ("key", "title", "deadline", "snoozed_until")},
            {
                "key": self.key,
                "title": "Call back",
                "deadline": "2026-03-04 15:10:00",
                "snoozed_until": "2026-03-04 16:00:00",
            },
        )
        self.assertTrue(snoozed[0]["source"])
        # Another user sees none of it; a task no longer readable drops out of the list.
        self.assertEqual(self.env["crm.reminder"].with_user(self.colleague).get_snoozed_reminders(), [])
        self.assertTrue(self.Reminder.wake_reminder(self.key))
        self.assertEqual([item["key"] for item in self.Reminder.get_reminders()], [self.key])
        self.assertEqual(self.Reminder.get_snoozed_reminders(), [])
        self.Reminder.snooze_reminder_choice(self.key, "1h")
        self.task.sudo().write({"user_id": self.colleague.id, "participant_ids": [(5,)]})
        self.assertEqual(self.Reminder.get_snoozed_reminders(), [])
        with self.assertRaisesRegex(UserError, "is not a reminder key"):
            self.Reminder.wake_reminder("crm.task:1:x" * 100)

    def test_digest_writes_times_without_seconds_and_dates_alone(self):
        items = [
            {"deadline": datetime(2026, 3, 5, 6, 30), "all_day": True, "overdue": False, "title": "Pay VAT"},
            {"deadline": datetime(2026, 3, 5, 13, 15, 42), "all_day": False, "overdue": False, "title": "Call"},
        ]
        for item in items:
            item.update(model="crm.task", res_id=1, source="Contacts and tasks")
        body = str(
            self.env["ir.qweb"]._render(
                "crm_reminders.reminder_digest",
                {
                    "user": self.user,
                    "items": items,
                    "local": lambda item: self.user._crm_local_datetime(item["deadline"]),
                },
            )
        )
        self.assertIn("2026-03-05\n", body.replace(" ", "").replace("\n\n", "\n"))
        self.assertNotIn("07:30", body, "a date-only deadline shows no time")
        self.assertIn("2026-03-05 14:15", body)
        self.assertNotIn("14:15:42", body)
