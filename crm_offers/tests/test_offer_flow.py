from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import OfferCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferFlow(OfferCase):
    def test_number_and_validity_from_settings(self):
        first = self._create_offer()
        second = self._create_offer()
        self.assertEqual(first.offer_number, "OF/2026/0001")
        self.assertEqual(second.offer_number, "OF/2026/0002")
        self.assertTrue(first.is_offer)
        self.assertEqual(first.offer_state, "draft")
        self.assertEqual(first.validity_date, date(2026, 4, 1))
        self.company.offer_validity_days = 10
        self.assertEqual(self._create_offer().validity_date, date(2026, 3, 12))

    def test_plain_quotation_is_no_offer(self):
        quotation = self.env["sale.order"].with_user(self.salesman).create({"partner_id": self.partner.id})
        self.assertFalse(quotation.is_offer)
        self.assertFalse(quotation.offer_number)

    def test_offer_created_in_form_as_salesman(self):
        """The web client path: the offer action's context makes a quotation an offer."""
        form = Form(self.Offer, view="crm_offers.view_offer_form")
        form.partner_id = self.partner
        form.offer_customer_reference = "Inquiry 12/2026"
        with form.order_line.new() as line:
            line.product_id = self.product_desk
            line.product_uom_qty = 3
        offer = form.save()
        self.assertTrue(offer.offer_number.startswith("OF/2026/"))
        self.assertEqual(offer.amount_untaxed, 3000.0)
        self.assertEqual(offer.offer_template_id, self.env.ref("crm_offers.offer_template_classic"))

    def test_number_kept_when_confirmed(self):
        offer = self._create_offer()
        number = offer.offer_number
        with self.assertRefused(UserError, "is not accepted"):
            offer.action_confirm()
        self.assertEqual(offer.state, "draft")
        offer.action_offer_accept()
        offer.action_confirm()
        self.assertEqual(offer.state, "sale")
        self.assertEqual(offer.offer_number, number)

    def test_send_attaches_print_and_marks_sent(self):
        offer = self._create_offer()
        self._send(offer)
        self.assertEqual(offer.offer_state, "sent")
        self.assertTrue(offer.offer_was_sent)
        message = offer.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("OF/2026/0001", message.subject)
        self.assertEqual(message.partner_ids, self.partner)
        # a PDF outside tests; Odoo renders reports as HTML in test mode
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(message.attachment_ids.name.startswith("Offer - OF-2026-0001."))
        self.assertEqual(message.notification_ids.res_partner_id, self.partner)
        self.assertEqual(message.notification_ids.notification_type, "email")

    def test_offer_without_lines_cannot_be_sent(self):
        offer = self._create_offer(lines=())
        with self.assertRaisesRegex(UserError, "has no lines and cannot be sent"):
            offer.action_offer_send()
        self.assertEqual(offer.offer_state, "draft")
        self.assertFalse(offer.message_ids.filtered(lambda m: m.message_type == "comment"))

    def test_accept(self):
        offer = self._create_offer()
        self._send(offer)
        offer.action_offer_accept()
        self.assertEqual(offer.offer_state, "accepted")
        with self.assertRaisesRegex(UserError, "is accepted and cannot be accepted"):
            offer.action_offer_accept()

    def test_reject_with_reason_through_wizard(self):
        offer = self._create_offer()
        action = offer.action_offer_reject()
        wizard_model = self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"])
        with self.assertRefused(UserError, "reason"):
            wizard_model.create({"reason": "   "}).action_reject()
        self.assertEqual(offer.offer_state, "draft")
        wizard_model.create({"reason": "Price too high"}).action_reject()
        self.assertEqual(offer.offer_state, "rejected")
        self.assertEqual(offer.offer_reject_reason, "Price too high")
        self.assertIn("Price too high", offer.message_ids[0].body)
        offer.action_offer_reset_draft()
        self.assertEqual(offer.offer_state, "draft")
        self.assertFalse(offer.offer_reject_reason)

    def test_numbering_per_company(self):
        other = self.env["res.company"].create({"name": "Second Sp. z o.o."})
        self.salesman.write({"company_ids": [Command.link(other.id)]})
        self._create_offer()
        offer_b = self.Offer.with_company(other).create({"partner_id": self.partner.id, "company_id": other.id})
        self.assertEqual(offer_b.offer_number, "OF/2026/0001")
        self.assertEqual(self._create_offer().offer_number, "OF/2026/0002")

    def test_settings_set_reminder_lead_time(self):
        settings = self.env["res.config.settings"].create({"offer_validity_days": 14, "offer_reminder_days": 5})
        settings.execute()
        self.assertEqual(self.company.offer_validity_days, 14)
        source = self.env.ref("crm_offers.reminder_source_offer_expiry")
        self.assertEqual((source.lead_time, source.lead_unit), (5, "days"))
