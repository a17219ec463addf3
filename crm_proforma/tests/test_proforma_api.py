from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ProformaCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaApi(ProformaCommon):
    @staticmethod
    def _line_key(line):
        return (
            line.display_type,
            line.name,
            line.product_id,
            line.quantity,
            line.price_unit,
            line.discount,
            line.tax_ids,
            line.account_id,
            line.analytic_distribution,
        )

    def test_create_proforma_numbers_and_flags(self):
        first = self._make_proforma()
        second = self._make_proforma()
        self.assertTrue(first.is_proforma)
        self.assertEqual(first.move_type, "out_invoice")
        self.assertEqual(first.state, "draft")
        self.assertEqual(first.proforma_state, "issued")
        self.assertEqual(first.invoice_date, date(2026, 3, 15))
        self.assertEqual(first.proforma_number, "PF/2026/0001")
        self.assertEqual(second.proforma_number, "PF/2026/0002")
        self.assertEqual(first.display_name, "PF/2026/0001")
        self.assertEqual(first.company_id, self.company)
        # Lines, taxes and totals like an invoice: 2 x 100 - 10% + 50 = 230 untaxed.
        self.assertAlmostEqual(first.amount_untaxed, 230.0)
        self.assertAlmostEqual(first.amount_tax, 230.0 * self.tax.amount / 100)

    def test_create_proforma_several_at_once(self):
        proformas = self.env["account.move"].create_proforma([self._proforma_vals(), self._proforma_vals(ref="B")])
        self.assertEqual(proformas.mapped("proforma_number"), ["PF/2026/0001", "PF/2026/0002"])
        self.assertEqual(proformas[1].ref, "B")

    def test_create_proforma_refuses_vendor_bill(self):
        before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "always a customer invoice"):
            self.env["account.move"].create_proforma(
                [self._proforma_vals(), self._proforma_vals(move_type="in_invoice")]
            )
        self.assertEqual(self.env["account.move"].search_count([]), before)

    def test_create_proforma_refuses_no_lines(self):
        before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "at least one product line"):
            self.env["account.move"].create_proforma([self._proforma_vals(invoice_line_ids=[])])
        only_section = [Command.create({"display_type": "line_section", "name": "Nothing"})]
        with self.assertRaisesRegex(UserError, "at least one product line"):
            self.env["account.move"].create_proforma([self._proforma_vals(invoice_line_ids=only_section)])
        self.assertEqual(self.env["account.move"].search_count([]), before)

    def test_create_proforma_refuses_missing_customer_and_purchase_journal(self):
        with self.assertRaisesRegex(UserError, "needs a customer"):
            self.env["account.move"].create_proforma([self._proforma_vals(partner_id=False)])
        purchase = self.company_data["default_journal_purchase"]
        with self.assertRaisesRegex(UserError, "not a sales journal"):
            self.env["account.move"].create_proforma([self._proforma_vals(journal_id=purchase.id)])
        self.assertFalse(
            self.env["account.move"].search([("is_proforma", "=", True), ("company_id", "=", self.company.id)])
        )

    def test_convert_to_invoice(self):
        proforma = self._make_proforma()
        invoice = proforma._convert_to_invoice()
        self.assertEqual(len(invoice), 1)
        self.assertFalse(invoice.is_proforma)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(proforma.proforma_state, "converted")
        self.assertEqual(proforma.proforma_invoice_id, invoice)
        self.assertEqual(invoice.proforma_origin_id, proforma)
        self.assertEqual(invoice.invoice_origin, "PF/2026/0001")
        for fname in ("partner_id", "currency_id", "invoice_payment_term_id", "fiscal_position_id", "narration"):
            self.assertEqual(invoice[fname], proforma[fname], fname)
        self.assertEqual(
            invoice.invoice_line_ids.mapped(self._line_key), proforma.invoice_line_ids.mapped(self._line_key)
        )
        self.assertEqual(invoice.amount_total, proforma.amount_total)
        self.assertIn("PF/2026/0001", invoice.message_ids[0].body)
        self.assertIn("Converted into invoice", proforma.message_ids[0].body)
        # The invoice is a real one: it posts and gets an invoice number.
        invoice.invoice_date = "2026-03-15"
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(proforma.state, "draft")

    def test_convert_keeps_foreign_currency(self):
        proforma = self._make_proforma(currency_id=self.eur.id)
        self.assertEqual(proforma.currency_id, self.eur)
        invoice = proforma.action_convert_to_invoice()
        self.assertEqual(invoice["res_id"], proforma.proforma_invoice_id.id)
        invoice = proforma.proforma_invoice_id
        self.assertEqual(invoice.currency_id, self.eur)
        self.assertAlmostEqual(invoice.amount_total, proforma.amount_total)
        self.assertAlmostEqual(invoice.amount_total_signed, proforma.amount_total_signed)

    def test_convert_twice_refused(self):
        proforma = self._make_proforma()
        proforma.action_convert_to_invoice()
        invoices_before = self.env["account.move"].search_count([("proforma_origin_id", "=", proforma.id)])
        with self.assertRaisesRegex(UserError, "already been converted"):
            proforma._convert_to_invoice()
        self.assertEqual(
            self.env["account.move"].search_count([("proforma_origin_id", "=", proforma.id)]), invoices_before
        )

    def test_post_proforma_refused(self):
        proforma = self._make_proforma()
        proforma.invoice_date = "2026-03-15"
        with self.assertRaisesRegex(UserError, "cannot be posted"):
            proforma.action_post()
        self.assertEqual(proforma.state, "draft")
        self.assertFalse(proforma.line_ids.filtered(lambda line: line.parent_state == "posted"))

    def test_edit_converted_refused(self):
        proforma = self._make_proforma()
        proforma._convert_to_invoice()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proforma.write({"narration": "changed"})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proforma.invoice_line_ids[1].write({"quantity": 99})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proforma.unlink()
        self.assertEqual(proforma.invoice_line_ids[1].quantity, 2)
        # Chatter stays open.
        proforma.message_post(body="Customer paid the advance")
        self.assertEqual(proforma.message_ids[0].body, "<p>Customer paid the advance</p>")
