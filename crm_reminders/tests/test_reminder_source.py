from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tools import index_exists, make_index_name

from .common import ReminderCase


@freeze_time("2026-03-02 10:00:00")
class TestReminderSource(ReminderCase):
    """No-code sources an administrator defines, and their refusal of bad input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Source = cls.env["crm.reminder.source"].with_user(cls.manager)
        cls.partner_model = cls.env["ir.model"]._get("res.partner")
        # What an administrator does first: a custom date field on customers.
        cls.env["ir.model.fields"].create(
            {"model_id": cls.partner_model.id, "name": "x_review_date", "field_description": "Review", "ttype": "date"}
        )

    def _field(self, model, name):
        return self.env["ir.model.fields"]._get(model, name)

    def test_no_code_source_on_partner_date(self):
        self.Source.create(
            {
                "name": "Partner review",
                "model_id": self.partner_model.id,
                "kind": "field",
                "date_field_id": self._field("res.partner", "x_review_date").id,
                "user_field_id": self._field("res.partner", "user_id").id,
                "domain": "[('is_company', '=', True)]",
                "lead_time": 1,
                "lead_unit": "days",
            }
        )
        self.customer.write({"user_id": self.user.id, "x_review_date": "2026-03-03"})
        self.env["res.partner"].create(
            {"name": "Not a company", "user_id": self.user.id, "x_review_date": "2026-03-02"}
        )
        self.env["res.partner"].create(
            {"name": "Later", "is_company": True, "user_id": self.user.id, "x_review_date": "2026-04-01"}
        )
        items = self.reminders()
        self.assertEqual(
            [(i["title"], i["source"], i["state"]) for i in items], [(self.customer.name, "Partner review", "due")]
        )
        self.assertEqual((items[0]["model"], items[0]["res_id"]), ("res.partner", self.customer.id))
        index = make_index_name("res_partner", "user_id_x_review_date_crm_reminder")
        self.assertTrue(index_exists(self.env.cr, index), "the list's lookup is indexed")

    def test_no_code_source_on_datetime_field_deduplicates_with_builtin(self):
        """A source on the task deadline gives the same key as the built-in task source."""
        self.Source.create(
            {
                "name": "Task deadlines again",
                "model_id": self.env["ir.model"]._get("crm.task").id,
                "kind": "field",
                "date_field_id": self._field("crm.task", "deadline").id,
                "user_field_id": self._field("crm.task", "user_id").id,
            }
        )
        self.make_task(name="Once", deadline=datetime(2026, 3, 2, 10, 5))
        self.assertEqual(self.reminder_titles(), ["Once"])

    def test_non_date_field_refused(self):
        count = self.env["crm.reminder.source"].search_count([])
        with self.assertRaisesRegex(ValidationError, "is not a date or date and time field"):
            self.Source.create(
                {
                    "name": "Bad",
                    "model_id": self.partner_model.id,
                    "kind": "field",
                    "date_field_id": self._field("res.partner", "name").id,
                    "user_field_id": self._field("res.partner", "user_id").id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "needs a stored user field"):
            self.Source.create(
                {
                    "name": "Bad user",
                    "model_id": self.partner_model.id,
                    "kind": "field",
                    "date_field_id": self._field("res.partner", "x_review_date").id,
                    "user_field_id": self._field("res.partner", "parent_id").id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "domain of reminder source"):
            self.Source.create(
                {
                    "name": "Bad domain",
                    "model_id": self.partner_model.id,
                    "kind": "field",
                    "date_field_id": self._field("res.partner", "x_review_date").id,
                    "user_field_id": self._field("res.partner", "user_id").id,
                    "domain": "[('no_such_field', '=', 1)]",
                }
            )
        with self.assertRaisesRegex(ValidationError, "does not offer reminders from code"):
            self.Source.create({"name": "Bad code", "model_id": self.partner_model.id, "kind": "code"})
        self.assertEqual(self.env["crm.reminder.source"].search_count([]), count)

    def test_negative_lead_time_refused(self):
        source = self.env.ref("crm_reminders.reminder_source_task")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            source.with_user(self.manager).lead_time = -1
        source.invalidate_recordset()
        self.assertEqual(source.lead_time, 0)

    def test_only_managers_configure_sources(self):
        self.assertTrue(self.env["crm.reminder.source"].with_user(self.user).search([]))
        self.assertFalse(self.env["crm.reminder.source"].with_user(self.user).has_access("create"))

    def test_archived_source_gives_nothing(self):
        self.make_task(name="Hidden", deadline=datetime(2026, 3, 2, 10, 5))
        self.env.ref("crm_reminders.reminder_source_task").active = False
        self.assertEqual(self.reminders(), [])

    def test_lead_time_and_sequence_out_of_range_refused(self):
        """A lead time beyond a year, or a number the database cannot hold, is refused with a
        clear error (before, 10**12 was a database error and 10**6 days an OverflowError in
        every user's list)."""
        source = self.env.ref("crm_reminders.reminder_source_task").with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "cannot exceed 366 days"):
            source.write({"lead_time": 400, "lead_unit": "days"})
        for values in ({"lead_time": 10**12}, {"sequence": 2**40}, {"lead_time": "abc"}):
            with self.assertRaisesRegex(ValidationError, "Wrong value for"):
                source.write(values)
        with self.assertRaisesRegex(ValidationError, "Wrong value for"):
            self.Source.create({"name": "Huge", "model_id": source.model_id.id, "kind": "code", "lead_time": 2**31})
        source.invalidate_recordset()
        self.assertEqual((source.lead_time, source.sequence), (0, 1))
        source.write({"lead_time": 366, "lead_unit": "days"})
        self.make_task(name="Far", deadline=datetime(2026, 12, 1, 9, 0))
        self.assertEqual(self.reminder_titles(), ["Far"], "a year's lead time lists a task due in nine months")
