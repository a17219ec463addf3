from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, users

from .common import ReminderCase


@freeze_time("2026-03-04 10:00:00")  # a Wednesday
class TestCrmTask(ReminderCase):
    """Contacts and tasks on customers: history, overdue flag, calendar events, access."""

    @users("crm_rem_user")
    def test_create_in_form_with_past_deadline_is_flagged_overdue(self):
        form = Form(self.env["crm.task"])
        form.name = "Call back"
        form.kind = "call"
        form.partner_id = self.customer
        form.contact_id = self.contact_person
        form.deadline = datetime(2026, 3, 1, 9, 0)
        task = form.save()
        self.assertEqual(task.user_id, self.user)
        self.assertEqual(task.state, "todo")
        self.assertTrue(task.is_overdue)
        self.assertEqual(task.calendar_color, 1)
        self.assertFalse(task.calendar_event_id, "a call blocks no time in the calendar")
        self.assertIn(task, self.env["crm.task"].search([("is_overdue", "=", True)]))
        task.action_done()
        self.assertFalse(task.is_overdue)
        self.assertEqual(task.date_done, datetime(2026, 3, 4, 10, 0))
        self.assertNotIn(task, self.env["crm.task"].search([("is_overdue", "=", True)]))

    @users("crm_rem_user")
    def test_done_items_stay_as_history_on_the_partner(self):
        old = self.make_task(name="Old call", kind="call", deadline=datetime(2026, 2, 1, 9, 0))
        new = self.make_task(name="New visit", kind="visit", deadline=datetime(2026, 3, 5, 9, 0))
        old.action_done()
        customer = self.customer.with_user(self.env.user)
        self.assertEqual(customer.crm_task_count, 2)
        self.assertEqual(customer.crm_task_ids, new | old)
        self.assertEqual(customer.crm_task_ids[0], new, "newest first")
        action = customer.action_view_crm_tasks()
        self.assertEqual(self.env["crm.task"].search(action["domain"]), new | old)

    def test_contact_person_must_belong_to_the_customer(self):
        stranger = self.env["res.partner"].create({"name": "Somebody Else"})
        with self.assertRaisesRegex(ValidationError, "is not a contact person"):
            self.make_task(contact_id=stranger.id)
        self.assertFalse(self.env["crm.task"].search([("partner_id", "=", self.customer.id)]))

    def test_meeting_has_a_calendar_event_kept_in_step(self):
        task = self.make_task(
            name="Visit at the plant",
            kind="visit",
            deadline=datetime(2026, 3, 6, 9, 0),
            duration=2.0,
            participant_ids=[self.colleague.id],
        )
        event = task.calendar_event_id
        self.assertTrue(event)
        self.assertEqual((event.start, event.stop), (datetime(2026, 3, 6, 9, 0), datetime(2026, 3, 6, 11, 0)))
        self.assertEqual(event.partner_ids, (self.user | self.colleague).partner_id)
        self.assertEqual((event.res_model, event.res_id), ("crm.task", task.id))
        task.with_user(self.user).deadline = datetime(2026, 3, 6, 12, 0)
        self.assertEqual(event.start, datetime(2026, 3, 6, 12, 0))
        # Dragging the event in Odoo's calendar moves the task's deadline.
        event.with_user(self.user).write({"start": datetime(2026, 3, 7, 8, 0), "stop": datetime(2026, 3, 7, 9, 0)})
        self.assertEqual(task.deadline, datetime(2026, 3, 7, 8, 0))
        task.with_user(self.user).action_done()
        self.assertTrue(event.exists(), "a done meeting stays in the calendar")
        task.with_user(self.user).kind = "call"
        self.assertFalse(event.exists())
        self.assertFalse(task.calendar_event_id)

    def test_user_sees_own_and_taken_part_in_manager_sees_all(self):
        own = self.make_task(name="Own")
        shared = self.make_task(self.colleague, name="Shared", participant_ids=[self.user.id])
        other = self.make_task(self.colleague, name="Other's")
        Task = self.env["crm.task"]
        these = [("id", "in", (own | shared | other).ids)]  # not the demo tasks of other users
        self.assertEqual(Task.with_user(self.user).search(these), own | shared)
        self.assertEqual(Task.with_user(self.manager).search(these), own | shared | other)
        shared.with_user(self.user).state = "in_progress"
        with self.assertRaises(AccessError):
            other.with_user(self.user).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.user).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            Task.with_user(self.plain).search([])

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Firma B"})
        self.manager.write({"company_ids": [(4, company_b.id)]})
        task_b = self.env["crm.task"].create({"name": "In B", "company_id": company_b.id, "user_id": self.manager.id})
        task_a = self.env["crm.task"].create({"name": "In A", "user_id": self.manager.id})
        Task = self.env["crm.task"].with_user(self.manager)
        these = [("id", "in", (task_a | task_b).ids)]  # not the demo tasks of the main company
        self.assertEqual(Task.with_context(allowed_company_ids=self.env.company.ids).search(these), task_a)
        self.assertEqual(Task.with_context(allowed_company_ids=company_b.ids).search(these), task_b)

    def test_filters_mine_team_today_week(self):
        mine = self.make_task(name="Today", deadline=datetime(2026, 3, 4, 15, 0))
        week = self.make_task(name="Friday", deadline=datetime(2026, 3, 6, 15, 0))
        self.make_task(name="Next week", deadline=datetime(2026, 3, 10, 15, 0))
        teammate = self.make_task(self.colleague, name="Colleague today", deadline=datetime(2026, 3, 4, 11, 0))
        self.manager.crm_reminder_team_ids = self.colleague | self.user
        Task = self.env["crm.task"].with_user(self.manager)
        self.assertEqual(Task.search([("in_my_team", "=", True), ("name", "=", "Colleague today")]), teammate)
        self.assertFalse(Task.search([("in_my_team", "=", False), ("user_id", "in", (self.user | self.colleague).ids)]))
        # The search view's Today / This Week filters evaluated with the frozen date.
        view = self.env.ref("crm_reminders.crm_task_view_search")
        self.assertIn('name="filter_today"', view.arch)
        today = Task.search([("deadline", ">=", "2026-03-04 00:00:00"), ("deadline", "<", "2026-03-05 00:00:00")])
        self.assertEqual(today, mine | teammate)
        this_week = Task.search([("deadline", ">=", "2026-03-02 00:00:00"), ("deadline", "<", "2026-03-09 00:00:00")])
        self.assertEqual(this_week, mine | week | teammate)

    def test_partner_form_for_crm_and_plain_users(self):
        task = self.make_task(name="On the form")
        views = self.env["res.partner"].with_user(self.user).get_views([(False, "form")])
        self.assertIn("crm_task_ids", views["views"]["form"]["arch"])
        partner = self.customer.with_user(self.plain)
        self.assertNotIn("crm_task_ids", partner.get_views([(False, "form")])["views"]["form"]["arch"])
        self.assertEqual(partner.read(["name"])[0]["name"], self.customer.name)
        self.assertTrue(partner.read(), "a plain internal user still reads a whole partner")
        self.assertEqual(self.customer.with_user(self.user).crm_task_ids, task)

    def test_terminarz_calendar(self):
        """The Terminarz opens on the calendar of tasks: date_start is the deadline, so
        creating from a slot and dragging an item write the deadline."""
        action = self.env.ref("crm_reminders.action_crm_task_calendar")
        self.assertEqual(self.env.ref("crm_reminders.menu_terminarz").action, action)
        self.assertEqual(action.view_mode.split(",")[0], "calendar")
        arch = self.env["crm.task"].with_user(self.user).get_views([(action.view_id.id, "calendar")])["views"]
        calendar = arch["calendar"]["arch"]
        for attribute in ('date_start="deadline"', 'date_delay="duration"', 'color="calendar_color"'):
            self.assertIn(attribute, calendar)
        self.assertIn('filters="1"', calendar, "operators can be shown side by side")
        Task = self.env["crm.task"].with_user(self.user)
        task = Task.create({"name": "From a slot", "deadline": datetime(2026, 3, 5, 14, 0), "duration": 0.5})
        self.assertEqual((task.user_id, task.state, task.calendar_color), (self.user, "todo", 4))
        task.write({"deadline": datetime(2026, 3, 3, 9, 0)})  # dragged into the past
        self.assertTrue(task.is_overdue)
        self.assertEqual(task.calendar_color, 1, "overdue items are red in the Terminarz")

    def test_negative_duration_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.make_task(duration=-1)
