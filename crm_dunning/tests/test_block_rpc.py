"""Issue 14, blocking sales over JSON-RPC: the web client's own route refuses to confirm the
order or post the invoice of a blocked customer, with the reason, and nothing changes."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

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
