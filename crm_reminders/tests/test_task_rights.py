from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import JsonRpcCase, ReminderCase


@freeze_time("2026-03-04 10:00:00")
class TestTaskRights(ReminderCase):
    """Rights on tasks as in Optima (issue 16, case 4): any CRM user registers a task for a
    colleague and stays on it; participants work on it; only its owner and managers reassign
    or delete it."""

    def test_task_for_a_colleague(self):
        task = self.make_task(name="Call for Anna", user_id=self.colleague.id, kind="meeting")
        self.assertEqual(task.user_id, self.colleague)
        self.assertEqual(task.participant_ids, self.user, "the author stays on it as participant")
        self.assertEqual(task.calendar_event_id.partner_ids, (self.user | self.colleague).partner_id)
        self.assertEqual(self.env["crm.task"].with_user(self.colleague).search([("id", "=", task.id)]), task)
        # Given participants (a plain list of ids, as over RPC) are kept.
        other = self.make_task(name="Team visit", user_id=self.colleague.id, participant_ids=[self.manager.id])
        self.assertEqual(other.participant_ids, self.manager | self.user)
        own = self.make_task(name="Own call")
        self.assertFalse(own.participant_ids)

    def test_participant_works_on_the_task_but_does_not_reassign_or_delete(self):
        task = self.make_task(self.colleague, name="Offer follow-up", participant_ids=[self.user.id])
        mine = task.with_user(self.user)
        mine.action_start()
        mine.write({"description": "<p>Asked for a discount</p>", "deadline": datetime(2026, 3, 5, 9, 0)})
        mine.action_done()
        self.assertEqual((task.state, task.deadline), ("done", datetime(2026, 3, 5, 9, 0)))
        for values in (
            {"user_id": self.user.id},
            {"participant_ids": [(3, self.user.id)]},
            {"participant_ids": [(4, self.manager.id)]},
        ):
            with self.assertRaisesRegex(UserError, r"Only the owner of Offer follow-up \(.*\) or a CRM manager"):
                mine.write(values)
        with self.assertRaisesRegex(UserError, "Only the owner of Offer follow-up .* can delete it"):
            mine.unlink()
        self.assertTrue(task.exists())
        self.assertEqual((task.user_id, task.participant_ids), (self.colleague, self.user))
        # Writing the unchanged owner (as a form may send it) is no reassignment.
        mine.write({"user_id": self.colleague.id, "name": "Offer follow-up (2)"})
        self.assertEqual(task.name, "Offer follow-up (2)")

    def test_owner_reassigns_and_deletes(self):
        task = self.make_task(name="Hand over")
        task.write({"user_id": self.colleague.id})
        self.assertEqual(task.user_id, self.colleague)
        self.assertEqual(task.participant_ids, self.user, "the former owner stays on it")
        own = self.make_task(name="Delete me")
        own.unlink()
        self.assertFalse(own.exists())

    def test_manager_reassigns_and_deletes_any(self):
        task = self.make_task(self.colleague, name="Colleague's")
        managed = task.with_user(self.manager)
        managed.write({"user_id": self.user.id, "participant_ids": [(6, 0, [self.colleague.id])]})
        self.assertEqual((task.user_id, task.participant_ids), (self.user, self.colleague))
        managed.unlink()
        self.assertFalse(task.exists())

    def test_strangers_and_plain_users(self):
        task = self.make_task(self.colleague, name="Not yours")
        with self.assertRaises(AccessError):
            task.with_user(self.user).write({"state": "done"})
        with self.assertRaises(AccessError):
            task.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.make_task(self.plain, name="Plain")
        self.assertEqual(task.state, "todo")


@tagged("post_install", "-at_install")
class TestTaskRightsRpc(JsonRpcCase):
    """The same rights over JSON-RPC, as the CRM users they concern."""

    def test_rights_over_rpc(self):
        groups = "base.group_user,crm_reminders.group_crm_user"
        anna = new_test_user(self.env, login="crm_rpc_anna", password="crm_rpc_anna_pw", groups=groups)
        piotr = new_test_user(self.env, login="crm_rpc_piotr", password="crm_rpc_piotr_pw", groups=groups)
        task_id = self.rpc(
            anna, "crm_rpc_anna_pw", "crm.task", "create", {"name": "Visit for Piotr", "user_id": piotr.id}
        )
        task = self.env["crm.task"].browse(task_id)
        self.assertEqual((task.user_id, task.participant_ids), (piotr, anna))
        self.assertTrue(self.rpc(anna, "crm_rpc_anna_pw", "crm.task", "action_start", [task_id]))
        self.assertEqual(task.state, "in_progress")
        error = self.rpc_error(anna, "crm_rpc_anna_pw", "crm.task", "write", [task_id], {"user_id": anna.id})
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn("Only the owner of Visit for Piotr", error["message"])
        error = self.rpc_error(anna, "crm_rpc_anna_pw", "crm.task", "unlink", [task_id])
        self.assertIn("can delete it", error["message"])
        task.invalidate_recordset()
        self.assertEqual((task.exists(), task.user_id), (task, piotr))
        self.assertTrue(self.rpc(piotr, "crm_rpc_piotr_pw", "crm.task", "unlink", [task_id]))
        self.assertFalse(task.exists())
