from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestOfferTour(HttpCase):
    """Issue 4's closing tour, clicked through the web client as an administrator (who is
    salesman and accountant at once: the tour crosses offer, pro forma and invoice)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the company has chosen its document layout (else the first print asks for it)
        cls.env.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.partner = cls.env["res.partner"].create({"name": "Tour Customer", "email": "tour@example.com"})
        cls.product = cls.env["product.product"].create({"name": "Tour Desk", "list_price": 500.0, "type": "consu"})
        cls.template = cls.env["crm.offer.template"].create(
            {
                "name": "Tour Layout",
                "layout": "custom",
                "arch": '<h2>Tour custom layout <t t-out="object.offer_number"/></h2>',
            }
        )

    def test_offer_to_invoice_tour(self):
        self.start_tour("/odoo/action-crm_offers.action_offer", "crm_offer_flow", login="admin")
        offer = self.env["sale.order"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(len(offer), 1)
        self.assertEqual(offer.offer_state, "converted")
        self.assertEqual(offer.offer_template_id, self.template)
        self.assertTrue(offer.offer_was_sent)
        sent = offer.message_ids.filtered(lambda m: m.message_type == "comment" and m.attachment_ids)
        self.assertEqual(len(sent), 1)
        self.assertIn(b"Tour custom layout " + offer.offer_number.encode(), sent.attachment_ids.raw)
        proforma = offer.offer_move_ids.filtered("is_proforma")
        invoice = proforma.proforma_invoice_id
        self.assertEqual(proforma.proforma_state, "converted")
        self.assertEqual(invoice.offer_id, offer)
        self.assertEqual(invoice.proforma_origin_id, proforma)
        self.assertEqual(offer.state, "sale")
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids, offer.order_line)
