from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .common import ReminderCase


@freeze_time("2026-03-02 10:00:00")
class TestReminderApi(ReminderCase):
    """The reminder list contract: get_reminders / snooze_reminder / dismiss_reminder."""

    def test_due_upcoming_overdue_and_window(self):
        self.make_task(name="Soon", deadline=datetime(2026, 3, 2, 10, 10))
        self.make_task(name="Late", deadline=datetime(2026, 3, 1, 9, 0))
        self.make_task(name="Tomorrow", deadline=datetime(2026, 3, 3, 9, 0))
        self.make_task(name="Far", deadline=datetime(2026, 3, 9, 9, 0))
        self.make_task(name="Done", deadline=datetime(2026, 3, 2, 9, 0), state="done")
        items = self.reminders()
        self.assertEqual([i["title"] for i in items], ["Late", "Soon", "Tomorrow"])
        late, soon, tomorrow = items
        self.assertEqual(late["deadline"], "2026-03-01 09:00:00")
        self.assertTrue(late["overdue"])
        self.assertEqual(late["urgency"], "high")
        self.assertEqual(late["state"], "due")
        self.assertFalse(soon["overdue"])
        self.assertEqual(soon["state"], "due", "10 minutes ahead is within the 15 minute lead time")
        self.assertEqual(soon["urgency"], "normal")
        self.assertEqual(tomorrow["state"], "upcoming")
        self.assertEqual(soon["model"], "crm.task")
        self.assertEqual(soon["source"], "Contacts and tasks")
        self.assertEqual(
            set(soon),
            {"key", "source", "title", "deadline", "model", "res_id", "urgency", "overdue", "state", "all_day"},
        )
        self.assertFalse(soon["all_day"])

    def test_lead_time_of_the_user(self):
        self.make_task(name="In two hours", deadline=datetime(2026, 3, 2, 12, 0))
        self.assertEqual(self.reminders()[0]["state"], "upcoming")
        self.user.with_user(self.user).write({"crm_reminder_lead_time": 3, "crm_reminder_lead_unit": "hours"})
        self.assertEqual(self.reminders()[0]["state"], "due")

    def test_negative_user_lead_time_refused(self):
        with self.assertRaisesRegex(ValidationError, "(?i)lead time"):
            self.user.with_user(self.user).write({"crm_reminder_lead_time": -5})
        # Beyond a year the date arithmetic of every list would overflow sooner or later.
        with self.assertRaisesRegex(ValidationError, "cannot exceed 366 days"):
            self.user.with_user(self.user).write({"crm_reminder_lead_time": 400, "crm_reminder_lead_unit": "days"})
        self.user.invalidate_recordset()
        self.assertEqual((self.user.crm_reminder_lead_time, self.user.crm_reminder_lead_unit), (15, "minutes"))

    def test_snooze_and_dismiss_are_per_user_and_persist(self):
        task = self.make_task(name="Shared", deadline=datetime(2026, 3, 2, 10, 5), participant_ids=[self.colleague.id])
        key = self.reminders()[0]["key"]
        self.assertEqual(key, f"crm.task:{task.id}:20260302100500")
        Reminder = self.env["crm.reminder"].with_user(self.user)
        self.assertTrue(Reminder.snooze_reminder(key, 30))
        self.assertEqual(self.reminders(), [])
        self.assertEqual(self.reminder_titles(self.colleague), ["Shared"], "the colleague's list is not affected")
        with freeze_time("2026-03-02 10:31:00"):
            self.assertEqual(self.reminder_titles(), ["Shared"], "the snooze ended")
            Reminder.dismiss_reminder(key)
            self.assertEqual(self.reminders(), [])
        # A new environment (another login, another device) sees the same state.
        self.env.invalidate_all()
        self.assertEqual(self.reminders(), [])
        # Moving the deadline makes it a new reminder.
        task.with_user(self.user).deadline = datetime(2026, 3, 2, 10, 8)
        self.assertEqual(self.reminder_titles(), ["Shared"])

    def test_bad_snooze_input(self):
        self.make_task(deadline=datetime(2026, 3, 2, 10, 5))
        key = self.reminders()[0]["key"]
        Reminder = self.env["crm.reminder"].with_user(self.user)
        for bad in ("nonsense", "crm.task:1", None, 42):
            with self.assertRaisesRegex(UserError, "is not a reminder key"):
                Reminder.snooze_reminder(bad, 10)
        for minutes in (0, -5, "abc", 10**9):
            with self.assertRaises(UserError):
                Reminder.snooze_reminder(key, minutes)
        self.assertFalse(self.env["crm.reminder"].search([("user_id", "=", self.user.id)]))

    def test_limit_skips_hidden_items(self):
        tasks = [self.make_task(name=f"T{i}", deadline=datetime(2026, 3, 2, 9, i)) for i in range(5)]
        Reminder = self.env["crm.reminder"].with_user(self.user)
        first_keys = [item["key"] for item in self.reminders(limit=2)]
        self.assertEqual(self.reminder_titles(limit=2), ["T0", "T1"])
        for key in first_keys:
            Reminder.dismiss_reminder(key)
        self.assertEqual(self.reminder_titles(limit=2), ["T2", "T3"])
        self.assertEqual(self.reminders(limit=0), [])
        self.assertEqual(len(tasks), 5)

    def test_deleted_record_disappears(self):
        task = self.make_task(name="Gone", deadline=datetime(2026, 3, 2, 10, 5))
        self.make_task(name="Stays", deadline=datetime(2026, 3, 2, 10, 6))
        key = self.reminders()[0]["key"]
        self.env["crm.reminder"].with_user(self.user).snooze_reminder(key, 1)
        task.unlink()
        with freeze_time("2026-03-02 10:02:00"):
            self.assertEqual(self.reminder_titles(), ["Stays"])

    def test_other_users_items_not_listed(self):
        self.make_task(self.colleague, name="Colleague's", deadline=datetime(2026, 3, 2, 10, 5))
        self.assertEqual(self.reminders(), [])
        self.assertEqual(self.reminder_titles(self.colleague), ["Colleague's"])

    def test_activities_and_meetings(self):
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "user_id": self.user.id,
                "summary": "Send the price list",
                "date_deadline": "2026-03-02",
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            }
        )
        self.env["calendar.event"].create(
            {
                "name": "Board meeting",
                "start": datetime(2026, 3, 2, 10, 10),
                "stop": datetime(2026, 3, 2, 11, 0),
                "partner_ids": [(6, 0, self.user.partner_id.ids)],
            }
        )
        self.env["calendar.event"].create(
            {
                "name": "Meeting without me",
                "start": datetime(2026, 3, 2, 10, 10),
                "stop": datetime(2026, 3, 2, 11, 0),
                "partner_ids": [(6, 0, self.colleague.partner_id.ids)],
            }
        )
        items = {item["title"]: item for item in self.reminders()}
        self.assertEqual(set(items), {"Send the price list - Kowalski Sp. z o.o.", "Board meeting"})
        activity = items["Send the price list - Kowalski Sp. z o.o."]
        self.assertEqual((activity["model"], activity["res_id"]), ("res.partner", self.customer.id))
        self.assertEqual(activity["deadline"], "2026-03-02 08:00:00", "a date falls due when the working day starts")
        self.assertFalse(activity["overdue"], "due today is not overdue yet")
        self.assertEqual(items["Board meeting"]["model"], "calendar.event")

    def test_date_deadline_in_the_users_time_zone(self):
        """A date-only deadline falls due when the user's working day starts, in their zone."""
        self.user.write({"tz": "Europe/Warsaw", "crm_reminder_hour_from": 9.0})
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "user_id": self.user.id,
                "summary": "Warsaw",
                "date_deadline": "2026-03-03",
            }
        )
        (item,) = self.reminders()
        self.assertEqual(item["deadline"], "2026-03-03 08:00:00", "9:00 in Warsaw (UTC+1 in March)")
        self.assertEqual(item["state"], "upcoming")
        with freeze_time("2026-03-03 08:00:00"):
            (item,) = self.reminders()
            self.assertEqual((item["state"], item["overdue"]), ("due", False))
        with freeze_time("2026-03-03 23:30:00"):  # already 4 March in Warsaw
            self.assertTrue(self.reminders()[0]["overdue"])

    def test_plain_internal_user(self):
        """A user without the CRM group still gets activity reminders; the task source is skipped."""
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "user_id": self.plain.id,
                "summary": "Old one",
                "date_deadline": "2026-02-27",
            }
        )
        items = self.reminders(self.plain)
        self.assertEqual(len(items), 1)
        self.assertTrue(items[0]["overdue"])
        Reminder = self.env["crm.reminder"].with_user(self.plain)
        Reminder.dismiss_reminder(items[0]["key"])
        self.assertEqual(self.reminders(self.plain), [])

    def test_summary_counts_due_only(self):
        self.make_task(name="Due", deadline=datetime(2026, 3, 2, 10, 5))
        self.make_task(name="Upcoming", deadline=datetime(2026, 3, 2, 18, 0))
        summary = self.env["crm.reminder"].with_user(self.user).get_reminder_summary(limit=1)
        self.assertEqual(summary["count"], 1)
        self.assertTrue(summary["more"])
        self.assertEqual([i["title"] for i in summary["items"]], ["Due"])
        summary = self.env["crm.reminder"].with_user(self.user).get_reminder_summary(limit=5)
        self.assertEqual((summary["count"], summary["more"], len(summary["items"])), (1, False, 2))
