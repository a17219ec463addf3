from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.input_checks import check_records
from .common import JsonRpcCase, ReminderCase


class TestInputChecks(ReminderCase):
    """Wrong types, sizes and ids in the values of tasks and reminder preferences are
    refused with a ValidationError naming the field, and leave nothing written (issue 16,
    sweep)."""

    def test_task_values(self):
        task = self.make_task(name="Kept", deadline=datetime(2026, 3, 4, 10, 0))
        cases = [
            ({"name": "x" * 201}, "Subject.*At most 200 characters"),
            ({"name": 123}, "Subject.*Expected a text"),
            ({"deadline": "tomorrow"}, "Deadline.*Expected a date"),
            ({"deadline": 20260304}, "Deadline.*Expected a date"),
            ({"deadline": "9999-12-31 10:00:00"}, "Deadline.*Expected a year from 1900 to 2999"),
            ({"duration": "two"}, "Duration.*Expected a number"),
            ({"duration": float("nan")}, "Duration.*Expected a number"),
            ({"kind": "fax"}, "Kind.*Expected one of: call, meeting"),
            ({"partner_id": 10**20}, "Customer.*Expected the id of a record"),
            ({"partner_id": "Kowalski"}, "Customer.*Expected the id of a record"),
            ({"partner_id": 2**31 - 1}, "Customer.*No such record"),
            ({"participant_ids": "all"}, "Participants.*Expected a list"),
            ({"participant_ids": [10**20]}, "Participants.*Expected the ids"),
            ({"participant_ids": [(6, 0, "x")]}, "Participants.*Expected a list"),
            ({"description": "<p>x</p>" * 20000}, "Description.*At most 100000 characters"),
        ]
        for values, message in cases:
            with self.subTest(values=str(values)[:40]):
                with self.assertRaisesRegex(ValidationError, message):
                    task.with_user(self.user).write(values)
                with self.assertRaisesRegex(ValidationError, message):
                    self.make_task(**{"name": "New", **values})
        task.invalidate_recordset()
        self.assertEqual((task.name, task.deadline, task.kind), ("Kept", datetime(2026, 3, 4, 10, 0), "task"))
        self.assertEqual(self.env["crm.task"].search_count([("name", "=", "New")]), 0)
        with self.assertRaisesRegex(ValidationError, "at most 744 hours"):
            task.with_user(self.user).write({"duration": 1000})

    def test_customer_of_another_company(self):
        company_b = self.env["res.company"].create({"name": "Firma B"})
        customer_b = self.env["res.partner"].create({"name": "Klient B", "company_id": company_b.id})
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.make_task(name="Wrong company", partner_id=customer_b.id)
        self.assertFalse(self.env["crm.task"].search([("name", "=", "Wrong company")]))

    def test_preferences(self):
        me = self.user.with_user(self.user)
        cases = [
            ({"crm_reminder_lead_time": "15"}, "Reminder Lead Time.*Expected a whole number"),
            ({"crm_reminder_lead_time": 10**12}, "Reminder Lead Time.*to 9999"),
            ({"crm_reminder_lead_unit": "weeks"}, "Reminder Lead Unit.*Expected one of"),
            ({"crm_reminder_hour_from": "8:00"}, "Working Hours From.*Expected a number"),
            ({"crm_reminder_hour_to": float("inf")}, "Working Hours To.*Expected a number"),
            ({"crm_reminder_popup": "yes"}, "Reminder Pop-ups.*Expected true or false"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                me.write(values)
        me.write({"crm_reminder_lead_time": 2, "crm_reminder_lead_unit": "hours"})
        self.assertEqual((self.user.crm_reminder_lead_time, self.user.crm_reminder_lead_unit), (2, "hours"))

    def test_partner_button_for_one_customer(self):
        other = self.env["res.partner"].create({"name": "Other"})
        with self.assertRaisesRegex(UserError, "one customer at a time"):
            (self.customer | other).with_user(self.user).action_view_crm_tasks()


class TestCheckRecords(ReminderCase):
    """``check_records``, the one check of the records a public method is called on, shared
    by every addon of the suite: ids that are ids, of records that exist, that the user may
    use, one at a time where the action says so; each refusal a UserError of its kind."""

    def test_refusals(self):
        Partner = self.env["res.partner"].with_user(self.user)
        with self.assertRaisesRegex(UserError, "'abc', None: not the id of a record"):
            check_records(Partner.browse(["abc", None]))
        with self.assertRaisesRegex(UserError, "10000000000000000000: not the id of a record"):
            check_records(Partner.browse(10**19))
        pair = Partner.browse((self.customer | self.contact_person).ids)
        with self.assertRaisesRegex(UserError, "works on one customer at a time, not 2"):
            check_records(pair, single=True, label="customer")
        with self.assertRaisesRegex(UserError, "at a time, not 0"):
            check_records(Partner, single=True)
        with self.assertRaisesRegex(MissingError, r"Contact #2000000000 does not exist or has been deleted"):
            check_records(Partner.browse([self.customer.id, 2_000_000_000]))
        other_company = self.env["res.company"].create({"name": "Inna firma"})
        foreign = self.env["res.partner"].create({"name": "Obcy", "company_id": other_company.id})
        with self.assertRaises(AccessError):
            check_records(Partner.browse(foreign.id))
        self.user.company_ids = [Command.link(other_company.id)]
        check_records(Partner.browse(foreign.id).with_context(allowed_company_ids=other_company.ids))
        # what passes: existing records the user may use, one when one is asked for
        check_records(pair, "read")
        check_records(Partner.browse(self.customer.id), single=True)


@tagged("post_install", "-at_install")
class TestInputChecksRpc(JsonRpcCase):
    """The same cases over JSON-RPC, where they came from: a clear error, no traceback."""

    def test_bad_input_over_rpc(self):
        user = new_test_user(
            self.env,
            login="crm_rpc_input",
            password="crm_rpc_input_pw",
            groups="base.group_user,crm_reminders.group_crm_user",
        )
        password = "crm_rpc_input_pw"
        task_id = self.rpc(user, password, "crm.task", "create", {"name": "Kept"})
        cases = [
            ("create", [{"name": "x" * 200_000}]),
            ("create", [{"name": "Inf", "duration": float("inf")}]),
            ("create", [{"name": "Big id", "partner_id": 10**20}]),
            ("create", ["not a dict"]),
            ("write", [[task_id], {"deadline": "2026-02-30 10:00:00"}]),
            ("write", [[task_id], {"user_id": [user.id]}]),
            ("action_done", [[2**31 - 1]]),
        ]
        for method, args in cases:
            with self.subTest(method=method, args=str(args)[:50]):
                error = self.rpc_error(user, password, "crm.task", method, *args)
                self.assertNotIn("Traceback", error["message"])
        error = self.rpc_error(user, password, "res.users", "write", [user.id], {"crm_reminder_lead_time": "1 OR 1=1"})
        self.assertIn("Reminder Lead Time", error["message"])
        partners = self.env["res.partner"].create([{"name": "A"}, {"name": "B"}])
        error = self.rpc_error(user, password, "res.partner", "action_view_crm_tasks", partners.ids)
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertEqual(self.env["crm.task"].search([("id", "=", task_id)]).name, "Kept")
