"""Bad input is refused on save with a clear message, and nothing is written."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestBadInput(RecurringCommon):
    def _refused(self, message, **vals):
        count = self.env["crm.recurring.template"].search_count([])
        with self.assertRaises(ValidationError) as caught:  # Odoo's assertRaises rolls back to a savepoint
            self.make_template(**vals)
        self.assertRegex(str(caught.exception), message)
        self.assertEqual(self.env["crm.recurring.template"].search_count([]), count)

    def test_interval_zero_or_negative(self):
        self._refused("interval must be between 1 and 999", interval_number=0)
        self._refused("interval must be between 1 and 999", interval_number=-2)
        self._refused("interval must be between 1 and 999", interval_number=1000)

    def test_end_before_start(self):
        self._refused("end date is before the start date", end_type="date", date_end="2025-12-31")

    def test_day_of_month_out_of_range(self):
        self._refused("between 1 and 31", day_of_month=0)
        self._refused("between 1 and 31", day_of_month=32)
        # a week does not use the day of month
        self.assertTrue(self.make_template(interval_unit="week", day_of_month=0))

    def test_no_lines_or_customer_on_activation(self):
        self._refused("has no lines", lines=[])
        self._refused("has no customer", partners=self.env["res.partner"])
        draft = self.make_template(lines=[], activate=False)
        with self.assertRaises(ValidationError) as caught:
            draft.action_start()
        self.assertIn("has no lines", str(caught.exception))
        self.assertEqual(draft.state, "draft")

    def test_currency_not_allowed_by_journal(self):
        usd = (
            self.setup_other_currency("USD")
            if self.company_data["currency"].name != "USD"
            else self.setup_other_currency("EUR")
        )
        journal = self.journal.copy({"name": "Foreign sales", "code": "FSAL", "currency_id": usd.id})
        self._refused("only allows the currency", journal_id=journal.id)
        self.assertTrue(self.make_template(journal_id=journal.id, currency_id=usd.id))

    def test_unknown_placeholder(self):
        self._refused(
            r"Unknown placeholder \{period_week\}",
            lines=[{"product_id": self.product_a.id, "name": "Fee {period_week}", "price_unit": 1}],
        )
        self._refused(
            "not valid", lines=[{"product_id": self.product_a.id, "name": "Fee {period_month", "price_unit": 1}]
        )

    def test_customer_end_before_start(self):
        template = self.make_template()
        with self.assertRaises(ValidationError) as caught:
            template.write(
                {
                    "partner_ids": [
                        Command.create(
                            {"partner_id": self.customer_3.id, "date_start": "2026-05-01", "date_end": "2026-04-01"}
                        )
                    ]
                }
            )
        self.assertIn("end date is before", str(caught.exception))
        self.assertEqual(len(template.partner_ids), 2)

    def test_negative_days_ahead_and_count(self):
        self._refused("days ahead cannot be negative", days_ahead=-1)
        self._refused("number of invoices must be between 1 and 10000", end_type="count", occurrences=0)
