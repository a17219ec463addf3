import json
from datetime import datetime, time, timedelta, timezone

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTeamTerminarzTour(HttpCase):
    """A CRM manager plans his team's week in the team Terminarz, in a headless browser.

    Time: the browser's clock cannot be frozen, and the timeline opens on the current week,
    so the tasks are placed on fixed weekdays (Tuesday to Friday, 09:00-14:00 UTC) of the week
    the test runs in; nothing depends on which day that is.

    Dragging: the tours end each drag the way vis-timeline does (its ItemSet._onDragEnd hands the
    item's new start, end and row to the view's onMove/onAdd); a real pointer drag through
    Hammer.js gestures is not reliable headless. From there the view's own code runs: the move
    handler writes owner, deadline and duration with an ORM ``write`` under the manager's
    rights, which this test then reads back from the database.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,crm_reminders.group_crm_user"
        cls.anna = new_test_user(cls.env, login="tl_anna", name="Anna Nowak", groups=groups, tz="UTC")
        cls.piotr = new_test_user(cls.env, login="tl_piotr", name="Piotr Wiśniewski", groups=groups, tz="UTC")
        cls.ewa = new_test_user(cls.env, login="tl_ewa", name="Ewa Zielińska", groups=groups, tz="UTC")
        # nothing planned yet: his row is there all the same, to plan in
        cls.tomasz = new_test_user(cls.env, login="tl_tomasz", name="Tomasz Lewandowski", groups=groups, tz="UTC")
        cls.manager = new_test_user(
            cls.env,
            login="tl_manager",
            name="Marek Kierownik",
            groups="base.group_user,crm_reminders.group_crm_manager",
            tz="UTC",
            crm_reminder_team_ids=[(6, 0, (cls.anna | cls.piotr | cls.ewa | cls.tomasz).ids)],
        )
        today = datetime.now(timezone.utc).date()
        cls.monday = datetime.combine(today - timedelta(days=today.weekday()), time(0, 0))
        customer = cls.env["res.partner"].create({"name": "Kowalski sp. z o.o."})
        Task = cls.env["crm.task"]
        cls.call = Task.create(
            {
                "name": "Call Kowalski about the offer",
                "kind": "call",
                "partner_id": customer.id,
                "user_id": cls.anna.id,
                "deadline": cls.at(1, 9),
                "duration": 1.0,
            }
        )
        cls.meeting = Task.create(
            {
                "name": "Meeting at Kowalski",
                "kind": "meeting",
                "partner_id": customer.id,
                "user_id": cls.piotr.id,
                "deadline": cls.at(2, 11),
                "duration": 2.0,
            }
        )
        cls.task = Task.create({"name": "Prepare the price list", "user_id": cls.ewa.id, "deadline": cls.at(3, 13)})

    @classmethod
    def at(cls, day, hour):
        """Naive UTC datetime ``day`` days after this week's Monday, at ``hour``."""
        return cls.monday + timedelta(days=day, hours=hour)

    def _start(self, tour, data=None, login="tl_manager", url="/odoo"):
        options = {"stepDelay": 0, "keepWatchBrowser": False, "startUrl": url}
        # the tour's steps read the data as soon as the page asks whether the tour is ready
        ready = f"(window.crmTimelineTour = {json.dumps(data or {})}) && odoo.isTourReady({tour!r})"
        code = f"odoo.startTour({tour!r}, {json.dumps(options)})"
        self.start_tour(url, tour, login=login, timeout=180, code=code, ready=ready)

    def _iso(self, value):
        return value.isoformat() + "Z"

    def _move_data(self):
        return {
            "operators": [self.anna.name, self.piotr.name, self.ewa.name, self.tomasz.name],
            "call": self.call.name,
            "callId": self.call.id,
            "callFrom": self.anna.id,
            "callTo": self.piotr.id,
            "callToName": self.piotr.name,
            "callStart": self._iso(self.at(3, 14)),
            "callEnd": self._iso(self.at(3, 15)),
            "callStartText": self.at(3, 14).strftime("%m/%d/%Y %H:%M"),
            "meeting": self.meeting.name,
            "meetingEnd": self._iso(self.at(2, 14)),
            "newTo": self.tomasz.id,
            "newStart": self._iso(self.at(4, 10)),
            "newName": "Visit the new customer",
        }

    def test_manager_moves_resizes_and_plans(self):
        self._start("crm_reminders_timeline_team_tour", self._move_data())

        # the colleague's call: another operator, another day, same length
        self.assertEqual(self.call.user_id, self.piotr)
        self.assertEqual(self.call.deadline, self.at(3, 14))
        self.assertEqual(self.call.duration, 1.0)
        # the stretched meeting: same start, an hour longer, its calendar event too
        self.assertEqual(self.meeting.deadline, self.at(2, 11))
        self.assertEqual(self.meeting.duration, 3.0)
        self.assertEqual(self.meeting.calendar_event_id.stop, self.at(2, 14))
        # untouched
        self.assertEqual((self.task.user_id, self.task.deadline), (self.ewa, self.at(3, 13)))
        # planned on Friday morning in the row of Tomasz, who had nothing planned
        new = self.env["crm.task"].search([("name", "=", "Visit the new customer")])
        self.assertEqual(len(new), 1)
        self.assertEqual((new.user_id, new.deadline, new.duration), (self.tomasz, self.at(4, 10), 1.0))
        self.assertEqual(new.create_uid, self.manager)

    def test_refused_move_is_undone_and_explained(self):
        """The server refuses the move (the task was deleted meanwhile): the view says why in a
        notification and shows the rows as the database has them; nothing else changes."""
        with self.assertLogs("odoo.http", "WARNING") as logs:
            self._start("crm_reminders_timeline_refused_tour", self._move_data())
        self.assertIn("does not exist or has been deleted", "\n".join(logs.output))
        self.assertFalse(self.call.exists())
        self.assertEqual((self.meeting.user_id, self.meeting.deadline), (self.piotr, self.at(2, 11)))

    def test_move_refused_by_task_rights(self):
        """Piotr leads a team (Anna) without being a CRM manager, takes part in Anna's call and
        so sees it: he may reschedule it, but reassigning is for its owner and managers. His
        drag onto his own row is refused, undone on screen and explained; the call stays Anna's."""
        self.piotr.crm_reminder_team_ids = self.anna
        self.call.participant_ids = self.piotr
        data = dict(self._move_data(), callTo=self.piotr.id, callToName=self.piotr.name)
        url = "/odoo/action-crm_reminders_timeline.action_crm_task_timeline"
        with self.assertLogs("odoo.http", "WARNING") as logs:
            self._start("crm_reminders_timeline_not_owner_tour", data, login="tl_piotr", url=url)
        self.assertIn("can reassign it", "\n".join(logs.output))
        self.assertEqual((self.call.user_id, self.call.deadline), (self.anna, self.at(1, 9)))

    def test_polish_screen(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        modules = ["crm_reminders", "crm_reminders_timeline"]
        self.env["ir.module.module"]._load_module_terms(modules, ["pl_PL"], overwrite=True)
        self.manager.lang = "pl_PL"
        self._start("crm_reminders_timeline_polish_tour")
