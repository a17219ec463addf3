"""Issue 14, blocking sales: a block action stops orders and invoices of the customer, a Dunning
manager may override with a logged reason, and a payment lifts the block by itself."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

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

    def test_block_stops_sales_receipts_not_credit_notes(self):
        receipt = self.make_invoice(self.customer, 50, due=date(2026, 3, 20), post=False, move_type="out_receipt")
        with self.assertRaisesRegex(UserError, "blocked by dunning scheme"):
            receipt.with_user(self.billing).action_post()
        self.assertEqual(receipt.state, "draft")
        credit = self.make_invoice(self.customer, 50, due=date(2026, 3, 20), post=False, move_type="out_refund")
        credit.with_user(self.billing).action_post()
        self.assertEqual(credit.state, "posted", "a credit note lowers the debt: never blocked")
        self.env["crm.dunning.block.override"].with_user(self.manager).create(
            {"partner_id": self.customer.id, "move_id": receipt.id, "reason": "Cash on delivery"}
        ).action_override()
        self.assertEqual(receipt.state, "posted")
        self.assertEqual(
            self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "override").document, receipt.name
        )

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

    def test_invoice_of_an_overridden_order_goes_through(self):
        """Finding 18: the override of an order carries to the invoice made from it (logged);
        an invoice of the blocked customer made otherwise is still refused."""
        order = self.make_order()
        self.manager.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.env["crm.dunning.block.override"].with_user(self.manager).create(
            {"partner_id": self.customer.id, "sale_order_id": order.id, "reason": "Paid in cash"}
        ).action_override()
        invoice = order.with_user(self.manager)._create_invoices()
        invoice.with_user(self.billing).action_post()
        self.assertEqual(invoice.state, "posted")
        carried = self.customer.dunning_block_log_ids.filtered(
            lambda r: r.event == "override" and "Invoice of" in r.reason
        )
        self.assertEqual(carried.document, order.name)
        other = self.make_invoice(self.customer, 50, due=date(2026, 4, 1), post=False)
        with self.assertRaises(UserError):
            other.with_user(self.billing).action_post()

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

    def test_lift_message_formats_the_amount(self):
        """Finding 11: the lift's log gives the amount formatted in the customer's language, and
        says nothing of a payment (a credit note lifts it too)."""
        self.pay(self.invoice, 950)
        log = self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "unblock")
        self.assertIn("50.00", log.reason)
        self.assertIn("100.00", log.reason, "the threshold")
        self.assertNotIn("payment", log.reason)

    def test_lift_when_what_is_left_overdue_is_disputed(self):
        """Finding 16: the lift counts what the run counts. A disputed overdue invoice is left
        out, so paying the other one lifts the block; disputing the last overdue invoice lifts
        it too, as a payment would."""
        disputed = self.make_invoice(self.customer, 500, due=date(2026, 3, 1), post=False)
        disputed.sudo().dunning_block_override = True  # the engine's path: posted despite the block
        disputed.action_post()
        disputed.with_user(self.billing).dunning_disputed = True
        self.assertTrue(self.customer.dunning_blocked, "1,000 still overdue")
        self.pay(self.invoice, 1000)
        self.assertFalse(self.customer.dunning_blocked, "only the disputed 500 is left: not counted")

    def test_disputing_the_overdue_invoice_lifts_the_block(self):
        self.invoice.with_user(self.billing).dunning_disputed = True
        self.assertFalse(self.customer.dunning_blocked)
        self.assertIn("0.00", self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "unblock").reason)

    def test_lift_after_a_credit_note(self):
        credit = self.make_invoice(self.customer, 1000, due=date(2026, 3, 20), move_type="out_refund")
        (self.invoice | credit).line_ids.filtered(lambda line: line.account_type == "asset_receivable").reconcile()
        self.assertFalse(self.customer.dunning_blocked)
        self.assertIn("0.00", self.customer.dunning_block_log_ids[0].reason)

    def test_messages_in_polish(self):
        """A Polish salesperson is refused in Polish; the lift of a Polish customer's block is
        logged in Polish with the amount written the Polish way."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        self.salesperson.lang = "pl_PL"
        order = self.make_order().with_context(lang="pl_PL")
        with self.assertRaisesRegex(AccessError, "Tylko kierownik windykacji"):
            order.write({"dunning_block_override": True})
        with self.assertRaisesRegex(AccessError, "Blokady sprzedaży z windykacji nie można zmienić"):
            self.customer.with_user(self.salesperson).with_context(lang="pl_PL").write({"dunning_blocked": False})
        self.customer.lang = "pl_PL"
        self.pay(self.invoice, 950)
        log = self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "unblock")
        self.assertIn("Kwota przeterminowana wynosi teraz", log.reason)
        self.assertIn("50,00", log.reason)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestBlockPerCompany(DunningCommon):
    """Finding 5: a block is per company. Company A's scheme blocks the customer in company A
    only: his orders and invoices of company B go through, the report flags company A's row
    only, and each company's block lifts with that company's overdue amount."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        both = cls.company | cls.company_2
        (cls.billing | cls.salesperson | cls.manager).write({"company_ids": [Command.set(both.ids)]})
        cls.scheme = cls.make_scheme(is_default=True, threshold=100)
        cls.scheme.level_ids[2].action_ids = [Command.create({"kind": "block"})]
        cls.scheme_2 = cls.make_scheme(code="B", company=cls.company_2, is_default=True, threshold=100)
        cls.scheme_2.level_ids[2].action_ids = [Command.create({"kind": "block"})]
        cls.invoice = cls.make_invoice(cls.customer, 1000, due=date(2026, 2, 1))
        cls.env["crm.dunning.scheme"].with_user(cls.billing)._dunning_run(cls.company)

    def in_company(self, record, company):
        """``record`` as its user in ``company`` (both companies allowed, as in the switcher)."""
        return record.with_context(allowed_company_ids=(company | self.company | self.company_2).ids)

    def test_other_company_sells_and_invoices(self):
        self.assertTrue(self.customer.with_company(self.company).dunning_blocked)
        self.assertFalse(self.customer.with_company(self.company_2).dunning_blocked)
        # company B: the order confirms, the invoice posts
        Order = self.in_company(self.env["sale.order"].with_user(self.salesperson), self.company_2)
        order = Order.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_2.id,
                "order_line": [Command.create({"product_id": self.product_a.id, "product_uom_qty": 1})],
            }
        )
        self.assertFalse(order.dunning_partner_blocked)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        draft = self.make_invoice(self.customer, 50, due=date(2026, 4, 1), company=self.company_2, post=False)
        self.in_company(draft.with_user(self.billing), self.company_2).action_post()
        self.assertEqual(draft.state, "posted")
        # company A: still refused, naming company A's scheme
        order_a = Order.with_context(allowed_company_ids=[self.company.id, self.company_2.id]).create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "order_line": [Command.create({"product_id": self.product_a.id, "product_uom_qty": 1})],
            }
        )
        self.assertTrue(order_a.dunning_partner_blocked)
        with self.assertRaisesRegex(UserError, r"\[STD\] Scheme STD"):
            order_a.action_confirm()
        # the report flags company A's row only
        Report = self.in_company(self.env["crm.dunning.aging.report"].with_user(self.billing), self.company)
        rows = Report.search([("partner_id", "=", self.customer.id)])
        self.assertEqual({row.company_id: row.blocked for row in rows}, {self.company: True, self.company_2: False})

    def test_blocks_lift_per_company(self):
        invoice_2 = self.make_invoice(self.customer, 500, due=date(2026, 2, 1), company=self.company_2)
        self.env["crm.dunning.scheme"].with_user(self.billing).with_company(self.company_2)._dunning_run(self.company_2)
        self.assertEqual(self.customer.dunning_block_ids.company_id, self.company | self.company_2)
        self.assertEqual(self.customer.with_company(self.company_2).dunning_block_scheme_id, self.scheme_2)
        # paying company B's invoice lifts company B's block only
        self.env["account.payment.register"].with_user(self.billing).with_context(
            active_model="account.move",
            active_ids=invoice_2.ids,
            allowed_company_ids=[self.company_2.id, self.company.id],
        ).create({"payment_date": date(2026, 3, 20)})._create_payments()
        self.assertEqual(self.customer.dunning_block_ids.company_id, self.company)
        unblock = self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "unblock")
        self.assertEqual((unblock.company_id, unblock.scheme_id), (self.company_2, self.scheme_2))
        # a Dunning manager lifts company A's block from company A
        wizard = (
            self.env["crm.dunning.block.override"]
            .with_user(self.manager)
            .create({"partner_id": self.customer.id, "reason": "Agreed instalments"})
        )
        self.assertEqual(wizard.company_id, self.company)
        wizard.action_unblock()
        self.assertFalse(self.customer.dunning_block_ids)
        with self.assertRaisesRegex(UserError, "not blocked by dunning in"):
            wizard.action_unblock()

    def test_reminder_lists_the_company_awaiting_a_decision(self):
        source = self.env.ref("crm_dunning.reminder_source_dunning_block")
        Partner = self.env["res.partner"].sudo()
        manager_2 = new_test_user(
            self.env,
            login="dunning_manager_b",
            groups="crm_dunning.group_dunning_manager",
            company_id=self.company_2.id,
            company_ids=[Command.set(self.company_2.ids)],
        )
        window = datetime(2026, 3, 21)
        self.assertEqual(len(Partner._crm_reminder_items(source, self.manager, window)), 1)
        self.assertFalse(Partner._crm_reminder_items(source, manager_2, window), "not blocked in company B")
        # company A's decision does not decide a later block of company B
        self.customer._dunning_log("override", "Paid in cash", scheme=self.scheme, document="S1")
        self.assertFalse(Partner._crm_reminder_items(source, self.manager, window))
        self.customer._dunning_block(self.scheme_2, "Final notice")
        items = Partner._crm_reminder_items(source, manager_2, window)
        self.assertEqual([item["res_id"] for item in items], self.customer.ids)
        self.assertIn("[B] Scheme B", items[0]["title"])


@tagged("post_install", "-at_install")
class TestBlockUpgrade(DunningCommon):
    """The retest's upgrade regression: a block of the old single flag (18.0.1.1.0) becomes the
    customer's block in the scheme's company; a block lifted since stays lifted."""

    def test_old_flag_becomes_a_company_block(self):
        scheme = self.make_scheme(is_default=True)
        cr = self.env.cr
        cr.execute(
            "ALTER TABLE res_partner ADD COLUMN dunning_blocked boolean, ADD COLUMN dunning_block_scheme_id integer"
        )
        cr.execute(
            "UPDATE res_partner SET dunning_blocked = TRUE, dunning_block_scheme_id = %s WHERE id IN %s",
            [scheme.id, tuple((self.customer | self.customer_2).ids)],
        )
        Log = self.env["crm.dunning.block.log"].sudo()
        Log.create({"partner_id": self.customer.id, "event": "block", "scheme_id": scheme.id, "reason": "Old"})
        Log.create({"partner_id": self.customer_2.id, "event": "block", "scheme_id": scheme.id, "reason": "Old"})
        Log.create({"partner_id": self.customer_2.id, "event": "unblock", "scheme_id": scheme.id, "reason": "Paid"})
        Log.flush_model()
        cr.execute("UPDATE crm_dunning_block_log SET company_id = NULL")
        self.run_migration("18.0.1.2.0", "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertTrue(self.customer.dunning_blocked)
        self.assertEqual(self.customer.dunning_block_ids.scheme_id, scheme)
        self.assertFalse(self.customer_2.dunning_blocked, "lifted before the upgrade")
        self.assertEqual(set(Log.search([]).mapped("company_id")), {self.company})
