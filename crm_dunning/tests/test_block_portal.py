"""Issue 14, finding 12 of the tester: a blocked customer who signs his quotation in the portal
(or pays it online) is not shown an internal error: the signature is kept, the order stays
unconfirmed, the salesperson gets an internal note and a to-do to override the block or wait."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import DunningCommon

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestBlockPortal(DunningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        scheme = cls.make_scheme(is_default=True)
        scheme.level_ids[2].action_ids = [Command.create({"kind": "block"})]
        cls.make_invoice(cls.customer, due=fields.Date.today() - timedelta(days=60))
        cls.env["crm.dunning.scheme"].with_user(cls.billing)._dunning_run(cls.company)
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "require_signature": True,
                    "require_payment": False,
                    "validity_date": fields.Date.today() + timedelta(days=30),
                    "order_line": [Command.create({"product_id": cls.product_a.id, "product_uom_qty": 1})],
                }
            )
        )
        cls.order.action_quotation_sent()

    def sign(self, order):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"access_token": order._portal_ensure_token(), "name": "Jan Kowalski", "signature": PNG},
        }
        response = self.url_open(
            f"/my/orders/{order.id}/accept", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        return response.json()

    def test_blocked_customer_signs_in_the_portal(self):
        self.assertTrue(self.customer.dunning_blocked)
        answer = self.sign(self.order)
        self.assertNotIn("error", answer, "the customer gets no error")
        self.assertNotIn("error", answer["result"])
        self.assertIn("message=sign_ok", answer["result"]["redirect_url"])
        self.assertNotIn("dunning", json.dumps(answer).lower(), "nothing internal is shown to the customer")
        self.order.invalidate_recordset()
        self.assertEqual(self.order.state, "sent", "left unconfirmed for a decision")
        self.assertEqual(self.order.signed_by, "Jan Kowalski")
        note = self.order.message_ids.filtered(lambda m: "was signed by the customer in the portal" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "an internal note, not sent to the customer")
        self.assertIn("[STD] Scheme STD", note.body)
        activity = self.order.activity_ids
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertEqual(activity.summary, "Customer blocked by dunning: override or wait")
        self.assertTrue(self.order.message_ids.filtered(lambda m: "Order signed by" in (m.body or "")))

    def test_unblocked_customer_signs_and_the_order_confirms(self):
        order = self.order.copy({"partner_id": self.customer_2.id})
        order.action_quotation_sent()
        answer = self.sign(order)
        self.assertNotIn("error", answer["result"])
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.activity_ids)

    def test_online_payment_of_a_blocked_quotation(self):
        """The payment transaction's confirmation step keeps the order of a blocked customer."""
        self.order.require_payment = True
        method = self.env.ref("payment.payment_method_unknown")
        provider = self.env["payment.provider"].create(
            {
                "name": "Dummy Provider",
                "code": "none",
                "state": "test",
                "company_id": self.company.id,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        method.active = True
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": method.id,
                    "reference": "S-BLOCKED-1",
                    "amount": self.order.amount_total,
                    "currency_id": self.order.currency_id.id,
                    "partner_id": self.customer.id,
                    "sale_order_ids": [Command.set(self.order.ids)],
                    "state": "done",
                }
            )
        )
        self.assertFalse(tx._check_amount_and_confirm_order())
        self.assertEqual(self.order.state, "sent")
        self.assertTrue(self.order.message_ids.filtered(lambda m: "was paid online by the customer" in (m.body or "")))
        self.assertEqual(self.order.activity_ids.user_id, self.salesperson)
