"""Issue 14, who sees the dunning documents: billing users issue and send them; a salesman
reads his own customers' documents only (over JSON-RPC, as the web client asks); a portal
user his own issued documents; nobody another company's."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDocumentAccess(DunningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            login="dunning_sales_2",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer_2.user_id = cls.other_salesman
        cls.make_invoice(cls.customer, due=date(2026, 2, 1))
        cls.make_invoice(cls.customer_2, due=date(2026, 2, 1))
        Document = cls.env["crm.dunning.document"].with_user(cls.billing)
        cls.mine = Document._dunning_create("payment_reminder", cls.customer, cls.company, date(2026, 3, 1))
        cls.theirs = Document._dunning_create("payment_reminder", cls.customer_2, cls.company, date(2026, 3, 1))

    def test_salesman_reads_only_his_customers_documents_over_rpc(self):
        found = execute_kw(
            self, self.salesperson, "dunning_sales", "crm.dunning.document", "search_read", [[]], {"fields": ["name"]}
        )
        self.assertEqual([row["id"] for row in found["result"]], self.mine.ids)
        with mute_logger("odoo.http"):
            refused = execute_kw(
                self, self.salesperson, "dunning_sales", "crm.dunning.document", "read", [self.theirs.ids, ["name"]]
            )
        self.assertEqual(refused["error"]["data"]["name"], "odoo.exceptions.AccessError")
        with mute_logger("odoo.http"):
            refused = execute_kw(
                self, self.salesperson, "dunning_sales", "crm.dunning.document", "action_cancel", [self.mine.ids]
            )
        self.assertEqual(refused["error"]["data"]["name"], "odoo.exceptions.AccessError", "salesmen change nothing")
        self.assertEqual(self.mine.state, "issued")

    def test_billing_user_issues_and_sends(self):
        document = self.mine.with_user(self.billing)
        self.assertEqual(document.state, "issued")
        document._dunning_send()
        self.assertEqual(document.state, "sent")

    def test_portal_user_sees_only_his_issued_documents(self):
        portal = new_test_user(
            self.env, login="kowalski_portal", groups="base.group_portal", partner_id=self.customer.id
        )
        draft = self.env["crm.dunning.document"].create(
            self.env["crm.dunning.document"]._prepare_document_vals(
                "payment_reminder", self.customer, self.company, date(2026, 3, 2)
            )
        )
        Document = self.env["crm.dunning.document"].with_user(portal)
        self.assertEqual(Document.search([]), self.mine, "not the other customer's, not the draft")
        self.assertTrue(draft)
        with self.assertRaises(AccessError):
            self.theirs.with_user(portal).read(["name"])
        self.authenticate("kowalski_portal", "kowalski_portal")
        page = self.url_open("/my/dunning").text
        self.assertIn(self.mine.name, page)
        self.assertNotIn(self.theirs.partner_id.name, page)

    def test_other_company_documents_hidden(self):
        self.make_invoice(self.customer, due=date(2026, 2, 1), company=self.company_2)
        other = self.env["crm.dunning.document"]._dunning_create(
            "payment_reminder", self.customer, self.company_2, date(2026, 3, 1)
        )
        Document = self.env["crm.dunning.document"].with_user(self.billing)
        self.assertNotIn(other, Document.search([]))
        with self.assertRaises(AccessError):
            other.with_user(self.billing).read(["name"])
