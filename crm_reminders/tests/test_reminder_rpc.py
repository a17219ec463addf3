"""The reminder API over JSON-RPC, as a CRM user calls it from the web client or Przypominacz.

Issue 16: case 2 (reminder states and notification logs change only through the API) and
case 6 (bad arguments get a clear error in the user's language, never a Python or database
error). Deadlines are relative to the server's clock: the HTTP server runs unfrozen.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools.translate import code_translations

from .common import JsonRpcCase


@tagged("post_install", "-at_install")
class TestReminderRpc(JsonRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,crm_reminders.group_crm_user"
        cls.user = new_test_user(cls.env, login="crm_rpc_user", password="crm_rpc_user_pw", groups=groups, tz="UTC")
        cls.colleague = new_test_user(
            cls.env, login="crm_rpc_colleague", password="crm_rpc_colleague_pw", groups=groups, tz="UTC"
        )
        soon = fields.Datetime.now().replace(microsecond=0) + timedelta(minutes=5)
        cls.task = cls.env["crm.task"].with_user(cls.user).create({"name": "My call", "deadline": soon})
        cls.colleague_task = (
            cls.env["crm.task"].with_user(cls.colleague).create({"name": "Colleague's call", "deadline": soon})
        )

    def call(self, method, *args, **kwargs):
        return self.rpc(self.user, "crm_rpc_user_pw", "crm.reminder", method, *args, **kwargs)

    def refused(self, model, method, *args, **kwargs):
        return self.rpc_error(self.user, "crm_rpc_user_pw", model, method, *args, **kwargs)

    def keys(self, user, password):
        return {item["key"] for item in self.rpc(user, password, "crm.reminder", "get_reminders")}

    def test_states_change_only_through_the_api(self):
        """Issue 16, case 2: a CRM user cannot move his reminder state to a colleague (nor
        create or delete one) to snooze or dismiss the colleague's reminder."""
        (key,) = self.keys(self.user, "crm_rpc_user_pw")
        (colleague_key,) = self.keys(self.colleague, "crm_rpc_colleague_pw")
        self.assertTrue(self.call("dismiss_reminder", key))
        state = self.env["crm.reminder"].search([("user_id", "=", self.user.id)])
        self.assertEqual(state.key, key)
        # Read his own state: yes. Write its owner or key, create or delete states: no.
        self.assertEqual(
            self.rpc(self.user, "crm_rpc_user_pw", "crm.reminder", "read", state.ids, ["key"])[0]["key"], key
        )
        error = self.refused("crm.reminder", "write", state.ids, {"user_id": self.colleague.id})
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.refused("crm.reminder", "write", state.ids, {"key": colleague_key})
        self.refused(
            "crm.reminder",
            "create",
            {"user_id": self.colleague.id, "key": colleague_key, "res_model": "crm.task",
             "res_id": self.colleague_task.id, "dismissed": True},
        )  # fmt: skip
        self.refused("crm.reminder", "unlink", state.ids)
        # Nor through the API: the colleague's task is not his reminder.
        error = self.refused("crm.reminder", "dismiss_reminder", colleague_key)
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn("is not one of your reminders", error["message"])
        self.refused("crm.reminder", "snooze_reminder", colleague_key, 60)
        # Notification logs are the scheduled action's: read-only too.
        self.refused(
            "crm.reminder.notification", "create", {"user_id": self.colleague.id, "key": colleague_key, "kind": "popup"}
        )
        self.env.invalidate_all()
        self.assertEqual(self.env["crm.reminder"].search([]).mapped("user_id"), self.user, "nothing written for others")
        self.assertEqual(state.user_id, self.user)
        self.assertEqual(self.keys(self.colleague, "crm_rpc_colleague_pw"), {colleague_key})
        self.assertFalse(self.env["crm.reminder.notification"].search([("user_id", "=", self.colleague.id)]))

    def test_bad_arguments_get_a_clear_error(self):
        """Issue 16, case 6: each bad argument is a UserError naming the problem, nothing is
        written, and the refused call leaves no traceback in the server log."""
        (key,) = self.keys(self.user, "crm_rpc_user_pw")
        task_id = self.task.id
        bad_calls = [
            ("get_reminders", ("abc",), "number of reminders"),
            ("get_reminders", ("1 OR 1=1",), "number of reminders"),
            ("get_reminders", ([1, 2],), "number of reminders"),
            ("get_reminders", ([self.colleague.id],), "number of reminders"),
            ("get_reminders", (-1,), "number of reminders"),
            ("get_reminders", (10**30,), "number of reminders"),
            ("get_reminder_summary", ({"limit": 5},), "number of reminders"),
            ("dismiss_reminder", (f"crm.task:{'9' * 20}:20260302100500",), "is not a reminder key"),
            ("dismiss_reminder", (key + "\n",), "is not a reminder key"),
            ("dismiss_reminder", ("crm.task:1:" + "2" * 200_000,), "is not a reminder key"),
            ("dismiss_reminder", (f"crm.task:{task_id}:20261399250000",), "is not a reminder key"),
            ("dismiss_reminder", ([key],), "is not a reminder key"),
            ("dismiss_reminder", (f"crm.task:{2**31 - 1}:20260302100500",), "is not one of your reminders"),
            ("dismiss_reminder", (f"res.users:{self.colleague.id}:20260302100500",), "is not one of your reminders"),
            ("snooze_reminder", (key, "Infinity"), "whole number of minutes"),
            ("snooze_reminder", (key, "NaN"), "whole number of minutes"),
            ("snooze_reminder", (key, 1.5), "whole number of minutes"),
            ("snooze_reminder", (key, [30]), "whole number of minutes"),
            ("snooze_reminder", (key, -30), "between 1 and"),
            ("snooze_reminder", (key, 10**400), "between 1 and"),
        ]
        for method, args, message in bad_calls:
            with self.subTest(method=method, args=str(args)[:80]):
                error = self.refused("crm.reminder", method, *args)
                self.assertEqual(error["name"], "odoo.exceptions.UserError")
                self.assertIn(message, error["message"])
                self.assertLess(len(error["message"]), 300, "the refused text is not echoed whole")
        self.assertFalse(self.env["crm.reminder"].search([]), "nothing was written")
        self.assertEqual(self.keys(self.user, "crm_rpc_user_pw"), {key})

    def test_infinite_minutes_as_json_number(self):
        """JSON has no infinity, but Python's JSON reader takes ``Infinity`` and ``NaN``."""
        (key,) = self.keys(self.user, "crm_rpc_user_pw")
        for literal in ("Infinity", "-Infinity", "NaN", "1e400"):
            payload = (
                '{"jsonrpc": "2.0", "method": "call", "params": {"service": "object", "method": "execute_kw", '
                f'"args": ["{self.env.cr.dbname}", {self.user.id}, "crm_rpc_user_pw", "crm.reminder", '
                f'"snooze_reminder", ["{key}", {literal}], {{}}]}}}}'
            )
            with self.subTest(literal=literal), self.assertLogs("odoo.http", "WARNING"):
                response = self.url_open("/jsonrpc", data=payload, headers={"Content-Type": "application/json"})
                self.assertEqual(response.json()["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertFalse(self.env["crm.reminder"].search([]))

    def test_errors_in_the_users_language(self):
        """Each refusal reaches the client in the user's language (the translation read from
        the addon's pl.po, so that rewording it does not break the test)."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_reminders"], ["pl_PL"], overwrite=True)
        polish = code_translations.get_python_translations("crm_reminders", "pl_PL")
        self.user.lang = "pl_PL"
        (key,) = self.keys(self.user, "crm_rpc_user_pw")
        colleague_task_key = f"crm.task:{self.colleague_task.id}:20260302100500"
        context = {"lang": "pl_PL"}  # as the web client sends it
        for args, source, params in (
            (("snooze_reminder", key, "abc"), "Snooze time must be a whole number of minutes.", {}),
            (("dismiss_reminder", "no-such-key"), "%(key)s is not a reminder key.", {"key": "no-such-key"}),
            (
                ("dismiss_reminder", colleague_task_key),
                "%(key)s is not one of your reminders.",
                {"key": colleague_task_key},
            ),
        ):
            with self.subTest(method=args[0]):
                self.assertIn(source, polish, "the message is translated")
                error = self.refused("crm.reminder", *args, context=context)
                self.assertEqual(error["message"], polish[source] % params)
                self.assertNotEqual(error["message"], source % params)

    def test_valid_arguments_as_text(self):
        """What a loosely typed client sends and is meant: limits and minutes as digits."""
        (key,) = self.keys(self.user, "crm_rpc_user_pw")
        self.assertEqual(len(self.call("get_reminders", "5")), 1)
        self.assertEqual(self.call("get_reminder_summary", 0)["items"], [])
        self.assertTrue(self.call("snooze_reminder", key, "30"))
        self.assertEqual(self.call("get_reminders"), [])

    def test_source_settings_refuse_bad_values(self):
        """The sweep: a CRM manager configuring a reminder source over RPC gets a clear error
        for numbers the database cannot hold, lead times beyond a year, unknown units and
        oversized texts; the source is left as it was."""
        manager = new_test_user(
            self.env,
            login="crm_rpc_manager",
            password="crm_rpc_manager_pw",
            groups="base.group_user,crm_reminders.group_crm_manager",
        )
        source = self.env.ref("crm_reminders.reminder_source_task")
        for values in (
            {"lead_time": 10**12},
            {"lead_time": 400, "lead_unit": "days"},
            {"lead_unit": "weeks"},
            {"sequence": "1 OR 1=1"},
            {"domain": "[]" + " " * 200_000},
        ):
            with self.subTest(values=str(values)[:60]):
                error = self.rpc_error(
                    manager, "crm_rpc_manager_pw", "crm.reminder.source", "write", source.ids, values
                )
                self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        source.invalidate_recordset()
        self.assertEqual((source.lead_time, source.lead_unit, source.sequence, source.domain), (0, "hours", 1, "[]"))
