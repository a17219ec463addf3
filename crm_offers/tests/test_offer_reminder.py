"""The "offers nearing expiry" reminder source keeps to the salesman's companies and rules."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from .common import OfferCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferReminderAccess(OfferCase):
    """Issue 16, case 3: the source once read as superuser and showed a salesman of company 2
    an offer of company 1 that named him salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Second Company"})
        cls.company_2.write({"offer_validity_days": 30, "offer_reminder_days": 3})
        cls.salesman_2 = new_test_user(
            cls.env,
            login="offer_salesman_2",
            name="Sue Second",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
            tz="UTC",
        )
        cls.source = cls.env.ref("crm_offers.reminder_source_offer_expiry")

    def _offer(self, company, name):
        partner = self.env["res.partner"].create({"name": name, "company_id": company.id})
        return (
            self.env["sale.order"]
            .with_company(company)
            .with_context(default_is_offer=True)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "user_id": self.salesman_2.id,
                    "validity_date": date(2026, 3, 3),
                }
            )
        )

    def test_offer_of_another_company_is_not_listed(self):
        self._offer(self.company, "Company 1 customer")
        own = self._offer(self.company_2, "Company 2 customer")
        # Asked with superuser rights (as the scheduled action asks): still the salesman's view.
        items = self.env["sale.order"].sudo()._crm_reminder_items(self.source, self.salesman_2, datetime(2026, 3, 10))
        self.assertEqual([item["res_id"] for item in items], own.ids)
        reminders = self.env["crm.reminder"].with_user(self.salesman_2).get_reminders()
        self.assertEqual([(r["model"], r["res_id"]) for r in reminders], [("sale.order", own.id)])
        self.assertIn("Company 2 customer", reminders[0]["title"])
