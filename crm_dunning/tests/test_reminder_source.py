"""Issue 14, runs: the Przypominacz sources of crm_dunning, "Dunning tasks due" and "Blocked
customers awaiting a decision": window and limit, the user's companies and record rules,
asked as the user and from a superuser environment."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestDunningReminderSources(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.final = cls.scheme.level_ids[-1]
        crm_user = "crm_reminders.group_crm_user"
        cls.owner = new_test_user(
            cls.env,
            login="dunning_task_owner",
            name="Olga Owner",
            groups=f"sales_team.group_sale_salesman,{crm_user}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Europe/Warsaw",
        )
        cls.responsible = new_test_user(
            cls.env,
            login="dunning_responsible",
            name="Roman Responsible",
            groups="account.group_account_invoice,crm_reminders.group_crm_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Europe/Warsaw",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="dunning_outsider",
            groups=f"account.group_account_invoice,{crm_user}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager_2 = new_test_user(
            cls.env,
            login="dunning_manager_2",
            groups="crm_dunning.group_dunning_manager,crm_reminders.group_crm_manager",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        (cls.customer | cls.customer_2).write({"user_id": cls.owner.id, "dunning_responsible_id": cls.responsible.id})
        cls.task_source = cls.env.ref("crm_dunning.reminder_source_dunning_task")
        cls.block_source = cls.env.ref("crm_dunning.reminder_source_dunning_block")

    def reminders(self, user, source_name):
        return [r for r in self.env["crm.reminder"].with_user(user).get_reminders() if r["source"] == source_name]

    def make_tasks(self):
        """Final-level tasks (deadline: 2 days after the run) for both customers."""
        self.make_invoice(self.customer, due=date(2026, 2, 1))
        self.make_invoice(self.customer_2, due=date(2026, 2, 10))
        self.final.action_ids.filtered(lambda a: a.kind == "task").task_deadline_days = 2
        ledger = self.env["crm.dunning.scheme"].with_user(self.billing)._dunning_run(self.company)
        tasks = ledger.task_id.sudo().sorted("id")
        tasks[1].deadline = datetime(2026, 3, 22, 8, 0)  # customer_2's first
        return tasks

    def test_dunning_tasks_for_owner_and_payment_responsible(self):
        first, second = self.make_tasks()
        Task = self.env["crm.task"].sudo()
        window = datetime(2026, 3, 23, 0, 0)
        items = Task._crm_reminder_items(self.task_source, self.owner, window)
        self.assertEqual([item["res_id"] for item in items], [second.id, first.id], "earliest deadline first")
        self.assertEqual(items[0]["title"], second.name)
        items = Task._crm_reminder_items(self.task_source, self.responsible, window, limit=1)
        self.assertEqual([item["res_id"] for item in items], second.ids, "the limit is honoured")
        self.assertEqual(items[0]["title"], f"{second.name} (given to Olga Owner)")
        self.assertFalse(
            Task._crm_reminder_items(self.task_source, self.owner, datetime(2026, 3, 21, 0, 0)),
            "both deadlines are after the window",
        )
        self.assertFalse(Task._crm_reminder_items(self.task_source, self.outsider, window))
        # payment responsible in another company: the task rules keep him out
        self.customer.dunning_responsible_id = self.manager_2
        self.assertFalse(Task._crm_reminder_items(self.task_source, self.manager_2, window))
        # a task that is not a dunning task is not in this source
        other = (
            self.env["crm.task"]
            .sudo()
            .create({"name": "Call", "user_id": self.owner.id, "deadline": datetime(2026, 3, 20, 12, 0)})
        )
        self.assertNotIn(
            other.id, [i["res_id"] for i in Task._crm_reminder_items(self.task_source, self.owner, window)]
        )
        # done tasks leave the list
        first.state = "done"
        self.assertEqual(
            [i["res_id"] for i in Task._crm_reminder_items(self.task_source, self.owner, window)], second.ids
        )

    def test_dunning_task_shown_once_under_its_source(self):
        first, second = self.make_tasks()
        with freeze_time("2026-03-22 10:00:00"):
            reminders = self.env["crm.reminder"].with_user(self.owner).get_reminders()
        mine = [r for r in reminders if r["model"] == "crm.task" and r["res_id"] in (first | second).ids]
        self.assertEqual(len(mine), 2, "one entry per task, not one per source")
        self.assertEqual({r["source"] for r in mine}, {"Dunning tasks due"})

    def test_blocked_customers_awaiting_a_decision(self):
        with freeze_time("2026-03-18 09:00:00"):
            self.customer._dunning_block(self.scheme, "Final notice")
        self.customer_2._dunning_block(self.scheme, "Final notice")
        Partner = self.env["res.partner"].sudo()
        window = datetime(2026, 3, 21, 0, 0)
        manager_items = Partner._crm_reminder_items(self.block_source, self.manager, window)
        self.assertEqual([i["res_id"] for i in manager_items], (self.customer | self.customer_2).ids)
        self.assertEqual(manager_items[0]["deadline"], datetime(2026, 3, 18, 9, 0), "the moment of the block")
        self.assertIn("Kowalski sp. z o.o.", manager_items[0]["title"])
        self.assertIn("[STD] Scheme STD", manager_items[0]["title"])
        limited = Partner._crm_reminder_items(self.block_source, self.manager, window, limit=1)
        self.assertEqual([i["res_id"] for i in limited], self.customer.ids)
        self.assertEqual(len(Partner._crm_reminder_items(self.block_source, self.responsible, window)), 2)
        self.assertFalse(Partner._crm_reminder_items(self.block_source, self.outsider, window), "not his customers")
        self.assertFalse(Partner._crm_reminder_items(self.block_source, self.manager_2, window), "another company")
        self.assertEqual(
            [i["res_id"] for i in Partner._crm_reminder_items(self.block_source, self.manager, datetime(2026, 3, 19))],
            self.customer.ids,
            "blocked after the window's end",
        )
        # as the user himself, through the engine
        self.assertEqual(len(self.reminders(self.responsible, "Blocked customers awaiting a decision")), 2)
        # a manager's decision: an override lets one document through, the block stays but is decided
        self.customer._dunning_log("override", "Paid in cash", scheme=self.scheme, document="S00001")
        self.customer_2._dunning_unblock("Agreed a schedule")
        self.assertFalse(Partner._crm_reminder_items(self.block_source, self.manager, window))
