"""Who sees which reminders: every source keeps to the user's record rules and companies.

Issue 16, case 3: a source may read with more rights than the user (for speed), but what it
lists must be what the user may read. Tested as a CRM user of a second company only.
"""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command

from odoo.addons.base.tests.common import new_test_user

from .common import ReminderCase


@freeze_time("2026-03-02 10:00:00")
class TestReminderCompanies(ReminderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_1 = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Second Company"})
        cls.user_2 = new_test_user(
            cls.env,
            login="crm_rem_company_2",
            groups="base.group_user,crm_reminders.group_crm_user",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
            tz="UTC",
        )

    def _titles(self, **kwargs):
        return sorted(self.reminder_titles(self.user_2, **kwargs))

    def test_tasks_of_another_company_are_not_listed(self):
        Task = self.env["crm.task"].sudo()
        Task.create(
            {"name": "Company 1 task", "user_id": self.user_2.id, "company_id": self.company_1.id,
             "deadline": datetime(2026, 3, 2, 10, 5)}
        )  # fmt: skip
        Task.create(
            {"name": "Company 2 task", "user_id": self.user_2.id, "company_id": self.company_2.id,
             "deadline": datetime(2026, 3, 2, 10, 5)}
        )  # fmt: skip
        self.assertEqual(self._titles(), ["Company 2 task"])
        # The scheduled action collects as superuser, for the same user: the same list.
        items = self.env["crm.reminder"].sudo()._collect(self.user_2, datetime(2026, 3, 2, 10, 0))
        self.assertEqual([item["title"] for item in items], ["Company 2 task"])

    def test_caller_company_selection_is_not_the_users(self):
        """Collected for user 2 by someone whose context selects company 1 only (as the
        scheduled action or an administrator would): user 2's own companies apply."""
        self.env["crm.task"].sudo().create(
            {"name": "Company 2 task", "user_id": self.user_2.id, "company_id": self.company_2.id,
             "deadline": datetime(2026, 3, 2, 10, 5)}
        )  # fmt: skip
        Reminder = self.env["crm.reminder"].with_context(allowed_company_ids=self.company_1.ids)
        items = Reminder._collect(self.user_2, datetime(2026, 3, 2, 10, 0))
        self.assertEqual([item["title"] for item in items], ["Company 2 task"])

    def test_no_code_source_keeps_to_companies(self):
        partner_model = self.env["ir.model"]._get("res.partner")
        self.env["ir.model.fields"].create(
            {"model_id": partner_model.id, "name": "x_review_date", "field_description": "Review", "ttype": "date"}
        )
        self.env["crm.reminder.source"].create(
            {
                "name": "Partner review",
                "model_id": partner_model.id,
                "kind": "field",
                "date_field_id": self.env["ir.model.fields"]._get("res.partner", "x_review_date").id,
                "user_field_id": self.env["ir.model.fields"]._get("res.partner", "user_id").id,
            }
        )
        Partner = self.env["res.partner"]
        for company in (self.company_1, self.company_2):
            Partner.create(
                {
                    "name": f"Customer of {company.name}",
                    "is_company": True,
                    "company_id": company.id,
                    "user_id": self.user_2.id,
                    "x_review_date": "2026-03-02",
                }
            )
        self.assertEqual(self._titles(), ["Customer of Second Company"])

    def test_activities_are_the_users_own(self):
        """Activities are not bound to a company; the user sees the ones assigned to him."""
        customer_2 = self.env["res.partner"].create({"name": "Customer 2", "company_id": self.company_2.id})
        for user, summary in ((self.user_2, "Mine"), (self.colleague, "A colleague's")):
            self.env["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": customer_2.id,
                    "user_id": user.id,
                    "summary": summary,
                    "date_deadline": "2026-03-02",
                }
            )
        self.assertEqual(self._titles(), ["Mine - Customer 2"])

    def test_meetings_only_those_attended(self):
        """Events are not bound to a company; a private event of others never shows."""
        Event = self.env["calendar.event"].with_context(no_mail_to_attendees=True)
        for name, partners, privacy in (
            ("Attended", self.user_2.partner_id, "public"),
            ("Not attended", self.colleague.partner_id, "public"),
            ("Private of a colleague", self.colleague.partner_id, "private"),
        ):
            Event.create(
                {
                    "name": name,
                    "start": datetime(2026, 3, 2, 10, 10),
                    "stop": datetime(2026, 3, 2, 11, 0),
                    "partner_ids": [Command.set(partners.ids)],
                    "privacy": privacy,
                    "user_id": self.colleague.id,
                }
            )
        self.assertEqual(self._titles(), ["Attended"])
