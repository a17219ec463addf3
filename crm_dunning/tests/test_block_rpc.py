"""Issue 14, blocking sales over JSON-RPC: the web client's own route refuses to confirm the
order or post the invoice of a blocked customer, with the reason, and nothing changes."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestBlockRpc(DunningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        scheme = cls.make_scheme(is_default=True)
        scheme.level_ids[2].action_ids = [Command.create({"kind": "block"})]
        cls.make_invoice(cls.customer, due=fields.Date.today() - timedelta(days=60))
        cls.env["crm.dunning.scheme"].with_user(cls.billing)._dunning_run(cls.company)

    def call_kw(self, model, method, ids):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": [ids], "kwargs": {}},
        }
        response = self.url_open(
            "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        return response.json()

    def assert_refused(self, answer):
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("blocked by dunning scheme [STD] Scheme STD", answer["error"]["data"]["message"])

    @mute_logger("odoo.http")
    def test_order_confirmation_refused_over_rpc(self):
        self.assertTrue(self.customer.dunning_blocked)
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.product_a.id, "product_uom_qty": 1})],
                }
            )
        )
        self.authenticate("dunning_sales", "dunning_sales")
        self.assert_refused(self.call_kw("sale.order", "action_confirm", order.ids))
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")

    @mute_logger("odoo.http")
    def test_invoice_posting_refused_over_rpc(self):
        draft = self.make_invoice(self.customer, 50, due=fields.Date.today(), post=False)
        self.authenticate("dunning_billing", "dunning_billing")
        self.assert_refused(self.call_kw("account.move", "action_post", draft.ids))
        draft.invalidate_recordset()
        self.assertEqual(draft.state, "draft")


@tagged("post_install", "-at_install")
class TestBlockStateOverRpc(DunningCommon, HttpCase):
    """Issue 14 (finding 1 of the tester): the block state is changed only by the engine and by
    a Dunning manager's logged override or lift. A salesperson, a billing user and even a
    Dunning manager writing the fields themselves over JSON-RPC (create, write, import) are
    refused with a clear message, and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.scheme.level_ids[2].action_ids = [Command.create({"kind": "block"})]
        cls.make_invoice(cls.customer, due=fields.Date.today() - timedelta(days=60))
        cls.env["crm.dunning.scheme"].with_user(cls.billing)._dunning_run(cls.company)
        # a salesperson with Contact Creation, as the web client makes them
        cls.salesperson.groups_id |= cls.env.ref("base.group_partner_manager")
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "order_line": [Command.create({"product_id": cls.product_a.id, "product_uom_qty": 1})],
                }
            )
        )

    def rpc(self, user, model, method, *args, **kwargs):
        return execute_kw(self, user, user.login, model, method, args, kwargs)

    def assert_access_refused(self, answer):
        self.assertEqual(answer.get("error", {}).get("data", {}).get("name"), "odoo.exceptions.AccessError", answer)
        self.assertNotIn("result", answer)

    def assert_still_blocked(self):
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.dunning_blocked)
        self.assertEqual(self.customer.dunning_block_scheme_id, self.scheme)
        self.assertEqual(self.customer.dunning_block_log_ids.mapped("event"), ["block"], "no unblock, no override")

    @mute_logger("odoo.http")
    def test_salesperson_cannot_override_his_order(self):
        answer = self.rpc(self.salesperson, "sale.order", "write", self.order.ids, {"dunning_block_override": True})
        self.assert_access_refused(answer)
        self.assertIn("Only a Dunning manager", answer["error"]["data"]["message"])
        self.assertEqual(
            self.rpc(self.salesperson, "sale.order", "action_confirm", self.order.ids)["error"]["data"]["name"],
            "odoo.exceptions.UserError",
        )
        self.order.invalidate_recordset()
        self.assertEqual((self.order.state, self.order.dunning_block_override), ("draft", False))
        # nor at creation
        values = {"partner_id": self.customer.id, "dunning_block_override": True}
        self.assert_access_refused(self.rpc(self.salesperson, "sale.order", "create", [values]))
        self.assertEqual(self.env["sale.order"].search_count([("partner_id", "=", self.customer.id)]), 1)
        # nor by an import of the field
        answer = self.rpc(
            self.salesperson, "sale.order", "load", [".id", "dunning_block_override"], [[str(self.order.id), "1"]]
        )
        self.assertFalse(answer["result"]["ids"])
        self.assertIn("Only a Dunning manager", answer["result"]["messages"][0]["message"])
        self.order.invalidate_recordset()
        self.assertFalse(self.order.dunning_block_override)
        self.assert_still_blocked()

    @mute_logger("odoo.http")
    def test_billing_user_cannot_override_an_invoice(self):
        draft = self.make_invoice(self.customer, 50, due=fields.Date.today(), post=False)
        self.assert_access_refused(
            self.rpc(self.billing, "account.move", "write", draft.ids, {"dunning_block_override": True})
        )
        values = {"move_type": "out_invoice", "partner_id": self.customer.id, "dunning_block_override": True}
        self.assert_access_refused(self.rpc(self.billing, "account.move", "create", [values]))
        self.assertEqual(
            self.rpc(self.billing, "account.move", "action_post", draft.ids)["error"]["data"]["name"],
            "odoo.exceptions.UserError",
        )
        draft.invalidate_recordset()
        self.assertEqual((draft.state, draft.dunning_block_override), ("draft", False))
        self.assert_still_blocked()

    @mute_logger("odoo.http")
    def test_nobody_unblocks_the_customer_by_a_write(self):
        self.billing.groups_id |= self.env.ref("sales_team.group_sale_salesman")
        for user in (self.salesperson, self.billing, self.manager):
            for values in ({"dunning_blocked": False}, {"dunning_block_scheme_id": False}):
                with self.subTest(user=user.login, values=values):
                    answer = self.rpc(user, "res.partner", "write", self.customer.ids, values)
                    self.assert_access_refused(answer)
                    self.assertIn("Lift Block", answer["error"]["data"]["message"])
        # the block rows and the audit trail themselves are read-only
        block = self.customer.dunning_block_ids
        self.assert_access_refused(self.rpc(self.manager, "crm.dunning.block", "unlink", block.ids))
        log = self.customer.dunning_block_log_ids
        self.assert_access_refused(self.rpc(self.manager, "crm.dunning.block.log", "unlink", log.ids))
        self.assert_access_refused(
            self.rpc(self.salesperson, "res.partner", "write", self.customer.ids, {"dunning_block_ids": [(5, 0, 0)]})
        )
        # a new customer cannot be created blocked or with a forged history either
        self.assert_access_refused(
            self.rpc(self.billing, "res.partner", "create", [{"name": "Forged", "dunning_block_scheme_id": 1}])
        )
        self.assert_still_blocked()
        # the salesperson's order of the blocked customer is still refused
        answer = self.rpc(self.salesperson, "sale.order", "action_confirm", self.order.ids)
        self.assertIn("blocked by dunning scheme [STD] Scheme STD", answer["error"]["data"]["message"])
        # nor does moving the blocked customer under another (unblocked) company lift it
        answer = self.rpc(
            self.salesperson, "res.partner", "write", self.customer.ids, {"parent_id": self.customer_2.id}
        )
        self.assertTrue(answer.get("result"), answer)
        answer = self.rpc(self.salesperson, "sale.order", "action_confirm", self.order.ids)
        self.assertIn("blocked by dunning scheme [STD] Scheme STD", answer["error"]["data"]["message"])

    def test_manager_overrides_through_the_wizard_with_a_log(self):
        self.manager.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        wizard = self.rpc(
            self.manager,
            "crm.dunning.block.override",
            "create",
            [{"partner_id": self.customer.id, "sale_order_id": self.order.id, "reason": "Paid in cash"}],
        )["result"]
        self.rpc(self.manager, "crm.dunning.block.override", "action_override", wizard)
        self.order.invalidate_recordset()
        self.assertEqual((self.order.state, self.order.dunning_block_override), ("sale", True))
        log = self.customer.dunning_block_log_ids.filtered(lambda r: r.event == "override")
        self.assertEqual((log.reason, log.user_id, log.company_id), ("Paid in cash", self.manager, self.company))


@tagged("post_install", "-at_install")
class TestDunningControlOverRpc(DunningCommon, HttpCase):
    """Whether and how a customer is dunned (scheme, exclusion, promise to pay, payment
    responsible) is the accountants' decision: a salesperson with Contact Creation, who may
    write the rest of the customer, is refused over JSON-RPC and nothing changes; a billing user
    may (tester's finding 1a)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.salesperson.groups_id |= cls.env.ref("base.group_partner_manager")

    def rpc(self, user, method, *args):
        return execute_kw(self, user, user.login, "res.partner", method, list(args), {})

    @mute_logger("odoo.http")
    def test_salesperson_cannot_change_how_his_customer_is_dunned(self):
        for fname, value in (
            ("dunning_excluded", True),
            ("dunning_promise_date", "2026-12-31"),
            ("dunning_scheme_id", self.scheme.id),
            ("dunning_responsible_id", self.salesperson.id),
        ):
            with self.subTest(fname=fname):
                answer = self.rpc(self.salesperson, "write", self.customer.ids, {fname: value})
                self.assertEqual(answer.get("error", {}).get("data", {}).get("name"), "odoo.exceptions.AccessError")
                self.assertIn("Only billing users and Dunning managers", answer["error"]["data"]["message"])
                answer = self.rpc(self.salesperson, "create", [{"name": "New customer", fname: value}])
                self.assertIn("error", answer)
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.dunning_excluded or self.customer.dunning_promise_date)
        self.assertFalse(self.customer.dunning_scheme_id or self.customer.dunning_responsible_id)
        self.assertFalse(self.env["res.partner"].search_count([("name", "=", "New customer")]))
        # the rest of the customer is his to write, and an empty value at creation is no change
        self.assertTrue(self.rpc(self.salesperson, "write", self.customer.ids, {"phone": "+48 22 100 20 30"})["result"])
        answer = self.rpc(self.salesperson, "create", [{"name": "Plain customer", "dunning_excluded": False}])
        self.assertTrue(answer.get("result"), answer)

    def test_billing_user_decides_how_a_customer_is_dunned(self):
        answer = self.rpc(self.billing, "write", self.customer.ids, {"dunning_excluded": True})
        self.assertTrue(answer.get("result"), answer)
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.dunning_excluded)
