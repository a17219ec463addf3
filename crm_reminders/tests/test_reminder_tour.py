import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .jsonrpc import execute_kw


@tagged("post_install", "-at_install")
class TestReminderTour(HttpCase):
    """The issue's browser flow for a plain CRM user: create a task a few minutes ahead, see
    it in the Terminarz and the systray, get the pop-up, snooze it, get it back, dismiss it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="crm_tour_user",
            password="crm_tour_user_pw",
            groups="base.group_user,crm_reminders.group_crm_user",
            tz="UTC",
            crm_reminder_hour_from=0.0,
            crm_reminder_hour_to=24.0,
        )

    def test_reminder_flow(self):
        activity = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.user.partner_id.id,
                "user_id": self.user.id,
                "summary": "Tour date-only activity",
                "date_deadline": fields.Date.context_today(self.user),
            }
        )
        self.start_tour("/odoo", "crm_reminders_task_tour", login="crm_tour_user", timeout=120)
        dismissed = self.env["crm.reminder"].search([("user_id", "=", self.user.id), ("dismissed", "=", True)])
        self.assertEqual((dismissed.res_model, dismissed.res_id), ("mail.activity", activity.id))
        task = self.env["crm.task"].search([("name", "=", "Tour call to Kowalski")])
        self.assertEqual(task.user_id, self.user)
        self.assertEqual(task.kind, "call")
        now = fields.Datetime.now()
        self.assertTrue(now < task.deadline <= now + timedelta(minutes=6), task.deadline)

        # The scheduled action (run here instead of waiting for the cron thread).
        self.env["crm.reminder.notification"]._cron_send_reminders()
        self.env.cr.precommit.run()  # what a commit does: the bus message is written
        key = self.env["crm.reminder"].with_user(self.user).get_reminders()[0]["key"]
        self.assertTrue(self.env["crm.reminder.notification"].search([("key", "=", key), ("kind", "=", "popup")]))

        channel = f'"res.partner",{self.user.partner_id.id}]'
        popups = self.env["bus.bus"].sudo().search([("message", "like", "crm_reminders/popup")], order="id desc")
        bus = popups.filtered(lambda n: n.channel.endswith(channel))[:1]  # not other users' (demo) pop-ups
        self.assertTrue(bus)
        message = json.loads(bus.message)
        self.assertEqual([item["key"] for item in message["payload"]["items"]], [key])
        code = (
            f"window.crmReminderPopupPayload = {json.dumps(message['payload'])};"
            " odoo.startTour('crm_reminders_popup_tour', {stepDelay: 0, keepWatchBrowser: false})"
        )
        self.start_tour("/odoo", "crm_reminders_popup_tour", login="crm_tour_user", timeout=120, code=code)
        state = self.env["crm.reminder"].search([("user_id", "=", self.user.id), ("key", "=", key)])
        self.assertTrue(state.snoozed_until)
        self.assertFalse(state.dismissed)

        state.snoozed_until = fields.Datetime.now() - timedelta(minutes=1)  # the snooze ended
        self.start_tour("/odoo", "crm_reminders_dismiss_tour", login="crm_tour_user", timeout=120)
        state.invalidate_recordset()
        self.assertTrue(state.dismissed)
        self.assertEqual(self.env["crm.reminder"].with_user(self.user).get_reminders(), [])

    def test_api_over_json_rpc_as_plain_user(self):
        """The contract the external Przypominacz uses: execute_kw by an internal user
        without the CRM group."""
        plain = new_test_user(self.env, login="crm_rpc_plain", password="crm_rpc_plain_pw", groups="base.group_user")
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": plain.partner_id.id,
                "user_id": plain.id,
                "summary": "Over RPC",
                "date_deadline": fields.Date.today() - timedelta(days=1),
            }
        )

        def call(method, *args):
            body = execute_kw(self, plain, "crm_rpc_plain_pw", "crm.reminder", method, args)
            self.assertNotIn("error", body, body.get("error"))
            return body["result"]

        items = call("get_reminders")
        self.assertEqual([item["title"] for item in items], [f"Over RPC - {plain.partner_id.name}"])
        self.assertTrue(items[0]["overdue"])
        self.assertTrue(call("snooze_reminder", items[0]["key"], 5))
        self.assertEqual(call("get_reminders"), [])
        self.assertTrue(call("dismiss_reminder", items[0]["key"]))
