"""Issue 14, blocking sales: a block action stops orders and invoices of the customer, a Dunning
manager may override with a logged reason, and a payment lifts the block by itself."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestBlock(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True, threshold=100)
        cls.scheme.level_ids[2].action_ids = [Command.create({"kind": "block"})]
        cls.invoice = cls.make_invoice(cls.customer, 1000, due=date(2026, 2, 1))
        cls.env["crm.dunning.scheme"].with_user(cls.billing)._dunning_run(cls.company)

    def make_order(self):
        return (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.product_a.id, "product_uom_qty": 1})],
                }
            )
        )

    def pay(self, invoice, amount):
        self.env["account.payment.register"].with_user(self.billing).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(2026, 3, 20), "amount": amount})._create_payments()

    def test_block_stops_orders_and_invoices(self):
        self.assertTrue(self.customer.dunning_blocked)
        self.assertEqual(self.customer.dunning_block_log_ids.event, "block")
        order = self.make_order()
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn("blocked by dunning scheme [STD] Scheme STD", str(caught.exception))
        self.assertEqual(order.state, "draft")
        draft = self.make_invoice(self.customer, 50, due=date(2026, 4, 1), post=False)
        with self.assertRaises(UserError):
            draft.with_user(self.billing).action_post()
        self.assertEqual(draft.state, "draft")
        # another customer is not concerned
        other = self.make_invoice(self.customer_2, 50, due=date(2026, 4, 1), post=False)
        other.with_user(self.billing).action_post()
        self.assertEqual(other.state, "posted")

    def test_override_by_dunning_manager_only(self):
        order = self.make_order()
        wizard = (
            self.env["crm.dunning.block.override"]
            .with_user(self.billing)
            .create({"partner_id": self.customer.id, "sale_order_id": order.id, "reason": "Paid in cash"})
        )
        with self.assertRaises(AccessError):
            wizard.action_override()
        self.assertEqual(order.state, "draft")
        self.manager.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        wizard.with_user(self.manager).action_override()
        self.assertEqual(order.state, "sale")
        log = self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "override")
        self.assertEqual((log.reason, log.document, log.user_id), ("Paid in cash", order.name, self.manager))
        self.assertTrue(self.customer.dunning_blocked, "the override lets one order through only")

    def test_payment_lifts_the_block(self):
        self.pay(self.invoice, 800)
        self.assertTrue(self.customer.dunning_blocked, "200 overdue is still above the 100 threshold")
        self.pay(self.invoice, 150)
        self.assertFalse(self.customer.dunning_blocked, "50 overdue: the block lifted on reconciliation")
        self.assertEqual(self.customer.dunning_block_log_ids.mapped("event"), ["unblock", "block"])
        self.make_order().action_confirm()

    def test_manager_lifts_the_block(self):
        wizard = (
            self.env["crm.dunning.block.override"]
            .with_user(self.manager)
            .create({"partner_id": self.customer.id, "reason": "Agreed instalments"})
        )
        wizard.action_unblock()
        self.assertFalse(self.customer.dunning_blocked)
        self.assertIn("Agreed instalments", self.customer.message_ids[0].body)
