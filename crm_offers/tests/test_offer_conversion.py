from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import OfferCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferConversion(OfferCase):
    def _accepted_offer(self):
        offer = self._create_offer(lines=((None, 2, 1000.0), (self.product_chair, 4, 250.0)))
        self._send(offer)
        offer.action_offer_accept()
        return offer

    def test_proforma_then_invoice_keeps_the_chain(self):
        offer = self._accepted_offer()
        action = offer.action_offer_create_proforma()
        proforma = self.env["account.move"].browse(action["res_id"])
        self.assertTrue(proforma.is_proforma)
        self.assertTrue(proforma.proforma_number.startswith("PF/2026/"))
        self.assertEqual(proforma.offer_id, offer)
        self.assertEqual(proforma.partner_id, self.partner)
        self.assertEqual(proforma.invoice_origin, offer.offer_number)
        self.assertEqual(sorted(proforma.invoice_line_ids.mapped("quantity")), [2.0, 4.0])
        self.assertEqual(proforma.amount_untaxed, 3000.0)
        self.assertEqual(offer.offer_state, "converted")
        self.assertEqual(offer.offer_proforma_count, 1)
        self.assertEqual(offer.offer_invoice_count, 0)
        # a draft pro forma is not an invoice of the order
        self.assertEqual(offer.order_line.mapped("qty_invoiced"), [0.0, 0.0])

        # the accountant converts the pro forma into the invoice
        invoice = proforma.with_user(self.accountant)._convert_to_invoice()
        self.assertEqual(invoice.offer_id, offer)
        self.assertEqual(invoice.proforma_origin_id, proforma)
        self.assertEqual(proforma.proforma_invoice_id, invoice)
        self.assertEqual(offer.state, "sale")
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids, offer.order_line)
        self.assertEqual(offer.invoice_status, "invoiced")
        offer.invalidate_recordset()
        self.assertEqual(offer.offer_invoice_count, 1)
        self.assertEqual(offer.action_offer_view_invoices()["res_id"], invoice.id)
        proforma_action = offer.action_offer_view_proformas()
        self.assertEqual(proforma_action["res_id"], proforma.id)
        # opened in the pro forma's own form: no Pay or credit note in its gear menu
        self.assertEqual(proforma_action["views"], [(self.env.ref("crm_proforma.view_proforma_form").id, "form")])
        self.assertEqual(offer.action_offer_view_invoices()["views"], [(False, "form")])
        self.assertEqual(invoice.action_open_offer()["res_id"], offer.id)

    def test_create_invoice_in_one_step(self):
        offer = self._accepted_offer()
        action = offer.action_offer_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(offer.state, "sale")
        self.assertEqual(offer.offer_state, "converted")
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(invoice.is_proforma)
        self.assertEqual(invoice.offer_id, offer)
        self.assertEqual(invoice.amount_untaxed, 3000.0)
        self.assertEqual(offer.offer_invoice_count, 1)

    def test_create_invoice_posted_per_settings(self):
        """Issue 16, case 5: the company's setting posts the invoice for a salesman who has no
        accounting rights (only Sales / User: Own Documents Only)."""
        self.company.offer_post_invoice = True
        self.assertFalse(self.salesman.has_group("account.group_account_invoice"))
        offer = self._accepted_offer()
        invoice = self.env["account.move"].browse(offer.action_offer_create_invoice()["res_id"])
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.offer_id, offer)
        self.assertEqual(invoice.amount_untaxed, 3000.0)
        self.assertEqual(offer.offer_state, "converted")
        # the setting does not make him an accountant
        with self.assertRaises(AccessError):
            invoice.with_user(self.salesman).write({"ref": "changed by the salesman"})
        self.assertEqual(invoice.state, "posted")

    def test_not_accepted_offer_cannot_be_converted(self):
        offer = self._create_offer()
        with self.assertRaisesRegex(UserError, "is draft and cannot be converted"):
            offer.action_offer_create_proforma()

    def test_rejected_or_expired_offer_refused(self):
        rejected = self._create_offer()
        rejected._offer_reject("No budget")
        expired = self._create_offer(validity_date=date(2026, 3, 1))
        self.env["sale.order"]._cron_expire_offers()
        for state, offer in (("rejected", rejected), ("expired", expired)):
            self.assertEqual(offer.offer_state, state)
            for method in ("action_offer_create_proforma", "action_offer_create_invoice"):
                with self.assertRaisesRegex(UserError, f"is {state}: it cannot be converted"):
                    getattr(offer, method)()
            self.assertEqual(offer.state, "draft")
            self.assertFalse(offer.offer_move_ids)
            self.assertFalse(offer.invoice_ids)

    def test_offer_without_lines_cannot_be_converted(self):
        offer = self._create_offer()
        offer.action_offer_accept()
        offer.order_line.unlink()
        with self.assertRaisesRegex(UserError, "has no lines and cannot be converted"):
            offer.action_offer_create_proforma()
        self.assertEqual(offer.offer_state, "accepted")
        self.assertFalse(self.env["account.move"].sudo().search([("offer_id", "=", offer.id)]))
