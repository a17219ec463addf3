import importlib.util
from datetime import datetime
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import JsonRpcCase, ReminderCase


@freeze_time("2026-03-04 10:00:00")
class TestTaskEventPrivacy(ReminderCase):
    """The calendar event of a meeting or visit is private to the task's owner and
    participants, and changed only through the task (issue 16, case 1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task = (
            cls.env["crm.task"]
            .with_user(cls.user)
            .create(
                {
                    "name": "Secret price talk",
                    "kind": "meeting",
                    "partner_id": cls.customer.id,
                    "deadline": datetime(2026, 3, 6, 9, 0),
                    "duration": 2.0,
                    "description": "<p>Discount of 30%</p>",
                    "participant_ids": [cls.colleague.id],
                }
            )
        )
        cls.event = cls.task.calendar_event_id

    def test_event_is_private_and_masked_for_others(self):
        self.assertEqual((self.event.privacy, self.event.show_as), ("private", "busy"))
        for outsider in (self.plain, self.manager):
            self.event.invalidate_recordset()  # read from the database, as a new request does
            event = self.event.with_user(outsider)
            values = event.read(["name", "description", "partner_ids", "attendee_ids", "res_id", "start"])[0]
            self.assertEqual(values["name"], "Busy", outsider.login)
            self.assertFalse(values["description"])
            self.assertFalse(values["partner_ids"])
            self.assertFalse(values["attendee_ids"])
            self.assertFalse(values["res_id"])
            self.assertEqual(values["start"], datetime(2026, 3, 6, 9, 0), "others still see the time as busy")
            self.assertEqual(event.display_name, "Busy")
        for insider in (self.user, self.colleague):
            self.event.invalidate_recordset()
            values = self.event.with_user(insider).read(["name", "description", "partner_ids"])[0]
            self.assertEqual(values["name"], "Secret price talk")
            self.assertIn("Discount", values["description"])
            self.assertEqual(set(values["partner_ids"]), set((self.user | self.colleague).partner_id.ids))

    def test_outsider_cannot_rename_move_or_delete(self):
        event = self.event.with_user(self.plain)
        with self.assertRaisesRegex(UserError, "only the task can change it"):
            event.write({"name": "Renamed"})
        with self.assertRaisesRegex(UserError, "only the task can change it"):
            event.unlink()
        with self.assertRaises(AccessError):
            event.write({"start": datetime(2026, 3, 9, 9, 0), "stop": datetime(2026, 3, 9, 10, 0)})
        self.event.invalidate_recordset()
        self.assertEqual((self.event.name, self.event.start), ("Secret price talk", datetime(2026, 3, 6, 9, 0)))
        self.assertEqual(self.task.deadline, datetime(2026, 3, 6, 9, 0))

    def test_insiders_change_it_only_through_the_task(self):
        # Owner and participant: renaming, archiving or deleting the event is refused, and the
        # message names the task to go to.
        for insider in (self.user, self.colleague):
            event = self.event.with_user(insider)
            with self.assertRaisesRegex(UserError, "belongs to the contact or task Secret price talk"):
                event.write({"name": "Renamed"})
            with self.assertRaisesRegex(UserError, "belongs to the contact or task Secret price talk"):
                event.action_archive()
            with self.assertRaisesRegex(UserError, "belongs to the contact or task Secret price talk"):
                event.unlink()
        # Moving it in Odoo's calendar reschedules the task (deadline and length).
        self.event.with_user(self.colleague).write(
            {"start": datetime(2026, 3, 9, 13, 0), "stop": datetime(2026, 3, 9, 13, 30), "allday": False}
        )
        self.assertEqual((self.task.deadline, self.task.duration), (datetime(2026, 3, 9, 13, 0), 0.5))
        # Through the task, the event follows; deleting the task deletes it.
        self.task.with_user(self.user).write({"name": "Price talk", "description": "<p>Agreed</p>"})
        self.assertEqual(self.event.name, "Price talk")
        self.assertIn("Agreed", self.event.description)
        self.task.with_user(self.user).unlink()
        self.assertFalse(self.event.exists())

    def test_migration_makes_old_events_private(self):
        """Events made before 18.0.1.1.0 were public; the upgrade makes them private."""
        self.event.sudo().write({"privacy": "public", "show_as": "free"})
        other = self.env["calendar.event"].create(
            {"name": "Own meeting", "start": datetime(2026, 3, 6, 9, 0), "stop": datetime(2026, 3, 6, 10, 0)}
        )
        self.env.flush_all()
        path = Path(__file__).parent.parent / "migrations" / "18.0.1.1.0" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("crm_reminders_post_migrate", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual((self.event.privacy, self.event.show_as), ("private", "busy"))
        self.assertNotEqual(other.privacy, "private", "events of no task keep their privacy")


@tagged("post_install", "-at_install")
class TestTaskEventPrivacyRpc(JsonRpcCase):
    """The same over JSON-RPC, as an internal user without a CRM group."""

    def test_plain_user_over_rpc(self):
        owner = new_test_user(self.env, login="crm_ev_owner", groups="base.group_user,crm_reminders.group_crm_user")
        plain = new_test_user(self.env, login="crm_ev_plain", password="crm_ev_plain_pw", groups="base.group_user")
        task = (
            self.env["crm.task"]
            .with_user(owner)
            .create(
                {
                    "name": "Visit about the tender",
                    "kind": "visit",
                    "deadline": datetime(2026, 3, 6, 9, 0),
                    "description": "<p>Bid 120 000 PLN</p>",
                }
            )
        )
        event = task.calendar_event_id
        rows = self.rpc(
            plain, "crm_ev_plain_pw", "calendar.event", "read", [event.id], ["name", "description", "partner_ids"]
        )
        self.assertEqual((rows[0]["name"], rows[0]["description"], rows[0]["partner_ids"]), ("Busy", False, []))
        found = self.rpc(
            plain, "crm_ev_plain_pw", "calendar.event", "search_read", [("id", "=", event.id)], fields=["name"]
        )
        self.assertEqual(found[0]["name"], "Busy")
        error = self.rpc_error(plain, "crm_ev_plain_pw", "calendar.event", "write", [event.id], {"name": "Hacked"})
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertNotIn("tender", error["message"])
        error = self.rpc_error(plain, "crm_ev_plain_pw", "calendar.event", "unlink", [event.id])
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertEqual((event.name, event.exists()), ("Visit about the tender", event))
