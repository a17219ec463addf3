"""Reminder source for crm_reminders: templates due in the next days and templates in error."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestReminderItems(RecurringCommon):
    @freeze_time("2026-02-10")
    def test_due_and_error_templates(self):
        due = self.make_template(name="Due soon", start="2026-02-12", day_of_month=12)
        later = self.make_template(name="Later", start="2026-03-01")
        broken = self.make_template(name="Broken", partners=self.customer_3)
        self.customer_3.active = False
        broken._generate_due()
        self.assertEqual(broken.state, "error")
        other_user = self.env.ref("base.user_admin")
        self.make_template(name="Someone else's", start="2026-02-11", day_of_month=11, user_id=other_user.id)
        Template = self.env["crm.recurring.template"].with_user(self.user)
        items = Template._crm_reminder_items(None, self.user, datetime(2026, 2, 15))
        by_id = {item["res_id"]: item for item in items}
        self.assertEqual(set(by_id), {due.id, broken.id})
        self.assertEqual(by_id[due.id]["deadline"], datetime(2026, 2, 12))
        self.assertIn("Due soon", by_id[due.id]["title"])
        self.assertEqual(by_id[broken.id]["urgency"], "high")
        self.assertNotIn(later.id, by_id)

    def test_source_registered(self):
        source = self.env.ref("crm_recurring_invoice.reminder_source_recurring")
        self.assertEqual(source.model_id.model, "crm.recurring.template")
        self.assertEqual(source.kind, "code")

    @freeze_time("2026-02-10 08:00:00")
    def test_in_the_users_reminder_list(self):
        """End to end through the crm_reminders engine, as the template's salesperson."""
        self.user.groups_id |= self.env.ref("crm_reminders.group_crm_user")
        overdue = self.make_template(name="Not generated yet", start="2026-02-01")
        broken = self.make_template(name="Broken", partners=self.customer_3, start="2026-02-01")
        self.customer_3.active = False
        broken._generate_due()
        reminders = self.env["crm.reminder"].with_user(self.user).get_reminders()
        mine = {r["res_id"]: r for r in reminders if r["model"] == "crm.recurring.template"}
        self.assertEqual(set(mine), {overdue.id, broken.id})
        self.assertTrue(mine[overdue.id]["overdue"])
        self.assertIn("Broken", mine[broken.id]["title"])

    @freeze_time("2026-02-10 08:00:00")
    def test_template_of_another_company_not_listed(self):
        """Issue 16, case 3: a user of a second company only, named salesperson on a template
        of the first company, gets no reminder of it, whatever rights the source is asked with;
        once allowed in the first company he does."""
        company_2 = self.env["res.company"].create({"name": "Second Company"})
        user_2 = new_test_user(
            self.env,
            login="recurring_user_2",
            groups="account.group_account_invoice,crm_reminders.group_crm_user",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        template = self.make_template(name="Company 1 subscription", start="2026-02-01", user_id=user_2.id)
        Template = self.env["crm.recurring.template"].sudo()
        self.assertEqual(Template._crm_reminder_items(None, user_2, datetime(2026, 2, 15)), [])
        self.assertEqual(self.env["crm.reminder"].with_user(user_2).get_reminders(), [])
        user_2.company_ids |= self.company_data["company"]
        self.assertEqual(
            [item["res_id"] for item in Template._crm_reminder_items(None, user_2, datetime(2026, 2, 15))],
            template.ids,
        )

    @freeze_time("2026-02-10 08:00:00")
    def test_limit_is_a_parameter(self):
        """The engine asks for at most ``limit`` items, earliest first (issue 11: the limit
        once travelled in the context and this source ignored it)."""
        first = self.make_template(name="First", start="2026-02-01")
        second = self.make_template(name="Second", start="2026-02-02", day_of_month=2)
        self.make_template(name="Third", start="2026-02-03", day_of_month=3)
        Template = self.env["crm.recurring.template"]
        items = Template._crm_reminder_items(None, self.user, datetime(2026, 2, 15), limit=2)
        self.assertEqual([item["res_id"] for item in items], [first.id, second.id])
        self.assertEqual(len(Template._crm_reminder_items(None, self.user, datetime(2026, 2, 15))), 3)
