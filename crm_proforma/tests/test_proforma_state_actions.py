from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ProformaCommon

PAYMENT_ACTIONS = (
    "account.action_move_force_register_payment",
    "account.action_move_block_payment",
    "account.action_move_switch_move_type",
)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaStateActions(ProformaCommon):
    """Issue 10 items 7 and 8: a pro forma shows only the actions valid in its state, and the
    server refuses the others with a clear message."""

    def _toolbar(self, views):
        result = self.env["account.move"].get_views(views, {"toolbar": True})
        return result["views"]["form"]["toolbar"]

    def test_converted_form_is_read_only(self):
        proforma = self._make_proforma()
        form_view = self.admin_env.ref("crm_proforma.view_proforma_form")
        # before conversion the lines can be changed in the form
        with Form(proforma, view=form_view) as form, form.invoice_line_ids.edit(1) as line:
            line.quantity = 3
        self.assertEqual(proforma.invoice_line_ids[1].quantity, 3)
        proforma._convert_to_invoice()
        form = Form(proforma, view=form_view)
        for fname in ("invoice_line_ids", "partner_id", "invoice_date", "narration", "invoice_payment_term_id"):
            self.assertTrue(form._get_modifier(fname, "readonly"), fname)
        with self.assertRaises(AssertionError):
            form.invoice_line_ids.new()
        with self.assertRaises(AssertionError):
            form.invoice_line_ids.remove(0)
        with self.assertRaises(AssertionError):
            form.partner_id = self.partner_a
        # the invoice made from it is a normal draft, editable as usual
        invoice_form = Form(proforma.proforma_invoice_id)
        self.assertFalse(invoice_form._get_modifier("invoice_line_ids", "readonly"))

    def test_gear_menu_has_no_payment_actions(self):
        form_view = self.admin_env.ref("crm_proforma.view_proforma_form")
        list_view = self.admin_env.ref("crm_proforma.view_proforma_list")
        hidden = {self.admin_env.ref(xmlid).id for xmlid in PAYMENT_ACTIONS}
        # the invoice form offers them ...
        invoice_toolbar = self._toolbar([(False, "list"), (False, "form")])
        self.assertTrue(hidden <= {action["id"] for action in invoice_toolbar["action"]})
        self.assertTrue(invoice_toolbar["print"])
        # ... the pro forma's does not, nor the invoice prints
        toolbar = self._toolbar([(list_view.id, "list"), (form_view.id, "form")])
        self.assertFalse(hidden & {action["id"] for action in toolbar.get("action", [])})
        self.assertEqual(toolbar["print"], [])
        # the menu's action and the invoice's smart button open the pro forma form
        action = self.admin_env.ref("crm_proforma.action_proforma")
        self.assertIn(form_view, action.view_ids.view_id)
        invoice = self._make_proforma()._convert_to_invoice()
        self.assertEqual(invoice.action_open_proforma_origin()["views"], [(form_view.id, "form")])

    def test_server_refuses_payment_actions(self):
        proforma = self._make_proforma()
        for method in (
            "action_register_payment",
            "action_force_register_payment",
            "action_toggle_block_payment",
            "action_switch_move_type",
            "action_invoice_sent",
        ):
            with self.assertRaisesRegex(UserError, "not available on pro forma PF/2026/0001", msg=method):
                getattr(proforma, method)()
        with self.assertRaisesRegex(UserError, "Credit Note is not available"):
            proforma._reverse_moves()
        # the credit note wizard (core) refuses it too: a pro forma is never posted
        with self.assertRaisesRegex(UserError, "only reverse posted moves"):
            self.env["account.move.reversal"].with_context(active_model="account.move", active_ids=proforma.ids).create(
                {"journal_id": proforma.journal_id.id, "reason": "test"}
            )
        self.assertEqual(proforma.payment_state, "not_paid")
        self.assertEqual(proforma.move_type, "out_invoice")
        self.assertFalse(self.env["account.move"].search([("reversed_entry_id", "=", proforma.id)]))
        # real invoices keep them
        invoice = self.init_invoice("out_invoice", partner=self.customer, products=self.product_a, post=True)
        invoice.action_toggle_block_payment()
        self.assertEqual(invoice.payment_state, "blocked")

    def test_public_actions_check_their_records(self):
        proforma = self._make_proforma()
        invoice = self.init_invoice("out_invoice", partner=self.customer, products=self.product_a)
        Move = self.env["account.move"]
        with self.assertRaisesRegex(UserError, "Choose at least one pro forma"):
            Move.action_proforma_print()
        with self.assertRaisesRegex(UserError, "works on one pro forma at a time"):
            (proforma | self._make_proforma()).action_open_proforma_invoice()
        with self.assertRaisesRegex(UserError, "has not been converted yet"):
            proforma.action_open_proforma_invoice()
        with self.assertRaisesRegex(UserError, "is not a pro forma"):
            invoice.action_convert_to_invoice()
        with self.assertRaisesRegex(UserError, "does not exist or has been deleted"):
            Move.browse(2_000_000_000).action_proforma_issue()
        with self.assertRaisesRegex(UserError, "not the id of a record"):
            Move.browse(10**20).action_proforma_send()
        with self.assertRaisesRegex(UserError, "Choose one invoice made from a pro forma"):
            invoice.action_open_proforma_origin()
        proforma.button_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            proforma.action_proforma_print()
