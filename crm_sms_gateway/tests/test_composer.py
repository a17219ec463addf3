"""Issue 13, composer: parts, encoding and estimated cost shown while typing, computed by the
same ``count_segments`` the sending path bills with; the browser tour types a Polish text,
watches the numbers change, sends, and the provider's delivery report marks it delivered."""

from urllib.parse import urlparse

from odoo.tests import Form, HttpCase, tagged

from .common import SmsGatewayCase, SmsGatewayMixin

SHORT = "Dzień dobry, przypominamy o płatności."
LONG = f"{SHORT} Faktura FV/12/2026 na kwotę 1 230,00 zł jest już po terminie."


@tagged("post_install", "-at_install")
class TestComposerCounter(SmsGatewayCase):
    def composer(self):
        return Form(
            self.env["sms.composer"]
            .with_user(self.salesperson)
            .with_context(
                default_res_model="res.partner",
                default_res_id=self.customer.id,
                default_number_field_name="mobile",
                default_composition_mode="comment",
            )
        )

    def estimate(self, form, body):
        form.body = body
        return (form.crm_sms_encoding, form.crm_sms_units, form.crm_sms_segments, round(form.crm_sms_cost, 2))

    def test_counts_follow_the_text(self):
        self.make_gateway(cost_per_segment=0.17)
        form = self.composer()
        self.assertTrue(form.crm_sms_has_gateway)
        self.assertEqual(self.estimate(form, ""), ("GSM-7", 0, 0, 0.0))
        self.assertEqual(self.estimate(form, SHORT), ("UCS-2", 38, 1, 0.17))
        self.assertEqual(self.estimate(form, LONG), ("UCS-2", 100, 2, 0.34))
        # GSM-7: 160 a part, 153 when concatenated; the euro sign takes two septets
        self.assertEqual(self.estimate(form, "a" * 160), ("GSM-7", 160, 1, 0.17))
        self.assertEqual(self.estimate(form, "a" * 159 + "€"), ("GSM-7", 161, 2, 0.34))
        # emoji: two UTF-16 units, 70 a part
        self.assertEqual(self.estimate(form, "a" * 68 + "👍"), ("UCS-2", 70, 1, 0.17))
        self.assertEqual(self.estimate(form, "a" * 69 + "👍"), ("UCS-2", 71, 2, 0.34))
        self.assertFalse(form.crm_sms_transliterated)

    def test_transliterating_gateway_counts_gsm7(self):
        self.make_gateway(cost_per_segment=0.1, transliterate=True)
        form = self.composer()
        self.assertEqual(self.estimate(form, LONG), ("GSM-7", 100, 1, 0.1))
        self.assertTrue(form.crm_sms_transliterated)
        self.assertEqual(self.estimate(form, "Faktura FV/1"), ("GSM-7", 12, 1, 0.1))
        self.assertFalse(form.crm_sms_transliterated)

    def test_price_of_the_gateway_routing_the_number(self):
        self.make_gateway("twilio", country_prefixes="420", cost_per_segment=0.5, sequence=1)
        self.make_gateway("smsapi", country_prefixes="48", cost_per_segment=0.2, sequence=2)
        form = self.composer()
        self.assertEqual(self.estimate(form, SHORT)[3], 0.2)
        form.recipient_single_number_itf = "+420 601 123 456"
        self.assertEqual(form.crm_sms_cost, 0.5)

    def test_no_gateway_keeps_core_counter(self):
        form = self.composer()
        form.body = SHORT
        self.assertFalse(form.crm_sms_has_gateway)
        self.assertEqual(form.crm_sms_cost, 0.0)


@tagged("post_install", "-at_install")
class TestComposerTour(SmsGatewayMixin, HttpCase):
    def test_compose_send_delivered(self):
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())
        self.make_gateway(cost_per_segment=0.17, sender_name="Optima")
        self.start_tour(f"/odoo/res.partner/{self.customer.id}", "crm_sms_composer", login="sms_sales")
        # the provider got the long text once, with where to report delivery
        [request] = self.server.sent("/sms.do")
        self.assertEqual((request["to"], request["message"]), ("48601234567", LONG))
        message = self.customer.message_ids.filtered(lambda m: m.message_type == "sms")
        notification = message.notification_ids
        self.assertEqual(notification.notification_status, "pending")
        attempt = self.env["crm.sms.attempt"].search([("provider_message_id", "!=", False)])
        self.assertEqual((attempt.state, attempt.encoding, attempt.segments), ("sent", "UCS-2", 2))
        self.assertAlmostEqual(attempt.cost, 0.16)  # the provider's own price wins over the estimate
        # SMSAPI calls the notify_url with the message id and its status
        url = urlparse(request["notify_url"])
        report = f"{url.path}?{url.query}&MsgId={attempt.provider_message_id}&status=404&status_name=DELIVERED"
        self.assertEqual(self.url_open(report).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(attempt.state, "delivered")
        self.assertEqual(notification.notification_status, "sent")
