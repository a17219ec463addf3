"""Issue 14, customer and invoice fields: which scheme applies (invoice override, else the
customer's, else the company default), setting it for many customers, the promise to pay."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestPrecedence(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.default = cls.make_scheme(code="DEF", is_default=True)
        cls.special = cls.make_scheme(code="SPEC")
        cls.strict = cls.make_scheme(code="STRICT")

    def test_company_default(self):
        invoice = self.make_invoice(self.customer)
        self.assertEqual(invoice._get_dunning_scheme(), self.default)

    def test_customer_scheme_of_commercial_partner(self):
        self.customer.with_company(self.company).dunning_scheme_id = self.special
        contact = self.env["res.partner"].create({"name": "Jan Kowalski", "parent_id": self.customer.id})
        invoice = self.make_invoice(contact)
        self.assertEqual(invoice._get_dunning_scheme(), self.special)

    def test_invoice_override_wins(self):
        self.customer.with_company(self.company).dunning_scheme_id = self.special
        invoice = self.make_invoice(self.customer)
        invoice.with_user(self.billing).dunning_scheme_id = self.strict
        self.assertEqual(invoice._get_dunning_scheme(), self.strict)

    def test_customer_scheme_is_per_company(self):
        self.customer.with_company(self.company).dunning_scheme_id = self.special
        self.assertFalse(self.customer.with_company(self.company_2).dunning_scheme_id)
        invoice = self.make_invoice(self.customer, company=self.company_2)
        self.assertFalse(invoice._get_dunning_scheme(), "company 2 has no default scheme")

    def test_set_scheme_of_many_customers(self):
        wizard = (
            self.env["crm.dunning.set.scheme"]
            .with_user(self.manager)
            .with_context(active_ids=(self.customer | self.customer_2).ids)
            .create({"scheme_id": self.special.id})
        )
        wizard.action_apply()
        self.assertEqual(self.customer.with_company(self.company).dunning_scheme_id, self.special)
        self.assertEqual(self.customer_2.with_company(self.company).dunning_scheme_id, self.special)
        with self.assertRaises(AccessError):
            self.env["crm.dunning.set.scheme"].with_user(self.billing).create({"scheme_id": self.special.id})

    def test_promise_to_pay_logged(self):
        self.customer.with_user(self.billing).dunning_promise_date = "2026-04-15"
        bodies = self.customer.message_ids.mapped("body")
        self.assertTrue(any("Promise to pay until 2026-04-15" in body for body in bodies), bodies)
