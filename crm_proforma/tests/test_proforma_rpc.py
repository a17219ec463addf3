from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.base.tests.common import new_test_user
from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw

from .common import ProformaMixin


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaRpc(ProformaMixin, AccountTestInvoicingHttpCommon):
    """Issue 16 case 7 and the sweep: the public methods over JSON-RPC answer ids and clear
    errors, never a traceback, and bad input writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.admin_env
        cls.plain_user = new_test_user(cls.env, login="pf_rpc_plain", groups="base.group_user")
        # a company the billing user does not belong to, with its own sales journal
        cls.foreign = cls.setup_other_company(name="Obca Firma")

    def _rpc(self, user, model, method, *args, expect_error=False):
        with mute_logger("odoo.http"):
            body = execute_kw(self, user, user.login, model, method, args)
        if expect_error:
            self.assertIn("error", body, f"{method}{args!r} should fail")
            return body["error"]["data"]
        self.assertNotIn("error", body, body.get("error"))
        return body["result"]

    def _rpc_vals(self, **overrides):
        vals = {
            "partner_id": self.customer.id,
            "invoice_line_ids": [
                [0, 0, {"product_id": self.product_a.id, "quantity": 2, "price_unit": 100.0}],
            ],
        }
        vals.update(overrides)
        return vals

    def _proforma_count(self):
        return self.env["account.move"].search_count([("is_proforma", "=", True)])

    def test_create_proforma_returns_ids(self):
        ids = self._rpc(self.invoice_user, "account.move", "create_proforma", [self._rpc_vals(), self._rpc_vals()])
        self.assertIsInstance(ids, list)
        self.assertTrue(all(isinstance(id_, int) for id_ in ids))
        proformas = self.env["account.move"].browse(ids)
        self.assertEqual(proformas.mapped("proforma_number"), ["PF/2026/0001", "PF/2026/0002"])
        self.assertEqual(set(proformas.mapped("proforma_state")), {"issued"})
        # a single dict gives a list of one id, too
        self.assertEqual(len(self._rpc(self.invoice_user, "account.move", "create_proforma", self._rpc_vals())), 1)

    def test_create_proforma_bad_input_is_a_clear_error(self):
        foreign_journal = self.foreign["default_journal_sale"]
        other_line = self.init_invoice("out_invoice", partner=self.customer, products=self.product_a).invoice_line_ids
        cases = [
            ("a string", "expects the values of a pro forma"),
            (None, "expects the values of a pro forma"),
            (42, "expects the values of a pro forma"),
            (["not a dict"], "must be given as a dictionary"),
            ([self._rpc_vals(), None], "Pro forma 2: values must be given as a dictionary"),
            ([self._rpc_vals(journal_id="abc")], "Journal: expected the id of a record, got 'abc'"),
            ([self._rpc_vals(journal_id=1.5)], "Journal: expected the id of a record"),
            ([self._rpc_vals(journal_id=10**20)], "Journal: expected the id of a record"),
            ([self._rpc_vals(journal_id=foreign_journal.id)], "does not exist or you may not use it"),
            ([self._rpc_vals(partner_id=2_000_000_000)], "Partner: record #2000000000 does not exist"),
            ([self._rpc_vals(partner_id=[1])], "expected the id of a record"),
            ([self._rpc_vals(no_such_field=1)], "'no_such_field' is not a field"),
            ([self._rpc_vals(invoice_date="yesterday")], "Expected a date as YYYY-MM-DD"),
            ([self._rpc_vals(narration=123)], "Expected a text"),
            ([self._rpc_vals(move_type="in_invoice")], "always a customer invoice"),
            ([self._rpc_vals(proforma_number="PF/2026/0999")], "is set by the pro forma itself"),
            ([self._rpc_vals(invoice_line_ids="lines")], "expected a list of commands"),
            ([self._rpc_vals(invoice_line_ids=[[0, 0, "x"]])], "line 1: values must be given as a dictionary"),
            ([self._rpc_vals(invoice_line_ids=[[9, 0, {}]])], "item 1 is not a valid command"),
            ([self._rpc_vals(invoice_line_ids=[[4, other_line.id, 0]])], "can only be created with it"),
            (
                [self._rpc_vals(invoice_line_ids=[[0, 0, {"product_id": self.product_a.id, "quantity": "abc"}]])],
                "line 1: Quantity: Expected a number.",
            ),
            (
                [self._rpc_vals(invoice_line_ids=[[0, 0, {"product_id": self.product_a.id, "price_unit": 1e300}]])],
                "at most 15 digits",
            ),
            (
                [self._rpc_vals(invoice_line_ids=[[0, 0, {"product_id": 2_000_000_000}]])],
                "line 1: Product: record #2000000000 does not exist",
            ),
            (
                [self._rpc_vals(invoice_line_ids=[[0, 0, {"name": "x" * 2_000_000}]])],
                "At most 4096 characters",
            ),
        ]
        before = self.env["account.move"].search_count([])
        for arg, message in cases:
            with self.subTest(arg=repr(arg)[:80]):
                error = self._rpc(self.invoice_user, "account.move", "create_proforma", arg, expect_error=True)
                self.assertEqual(error["name"], "odoo.exceptions.UserError", error.get("debug", "")[-500:])
                self.assertIn(message, error["message"])
        # nothing was written, and no number was used up
        self.assertEqual(self.env["account.move"].search_count([]), before)
        ids = self._rpc(self.invoice_user, "account.move", "create_proforma", self._rpc_vals())
        self.assertEqual(self.env["account.move"].browse(ids).proforma_number, "PF/2026/0001")

    def test_user_without_billing_rights(self):
        before = self._proforma_count()
        error = self._rpc(self.plain_user, "account.move", "create_proforma", self._rpc_vals(), expect_error=True)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        error = self._rpc(self.plain_user, "account.move", "create_proforma", "junk", expect_error=True)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(self._proforma_count(), before)

    def test_actions_over_rpc(self):
        [proforma_id] = self._rpc(self.invoice_user, "account.move", "create_proforma", self._rpc_vals())
        for method in ("action_register_payment", "action_force_register_payment", "action_toggle_block_payment"):
            error = self._rpc(self.invoice_user, "account.move", method, [proforma_id], expect_error=True)
            self.assertEqual(error["name"], "odoo.exceptions.UserError", method)
            self.assertIn("not available on pro forma PF/2026/0001", error["message"])
        for ids, message in (
            ([], "Choose at least one pro forma"),
            ([2_000_000_000], "does not exist or has been deleted"),
            (["abc"], "not the id of a record"),
        ):
            error = self._rpc(self.invoice_user, "account.move", "action_proforma_issue", ids, expect_error=True)
            self.assertIn(message, error["message"])
        action = self._rpc(self.invoice_user, "account.move", "action_convert_to_invoice", [proforma_id])
        proforma = self.env["account.move"].browse(proforma_id)
        self.assertEqual(action["res_id"], proforma.proforma_invoice_id.id)
        error = self._rpc(
            self.invoice_user, "account.move", "write", [proforma_id], {"narration": "changed"}, expect_error=True
        )
        self.assertIn("cannot be changed", error["message"])
