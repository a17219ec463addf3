from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ProformaCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaDocuments(ProformaCommon):
    """The pro forma as a document: form, print, e-mail, cancel."""

    def test_print_refuses_real_invoice(self):
        invoice = self.init_invoice("out_invoice", partner=self.customer, products=self.product_a)
        with self.assertRaisesRegex(UserError, "not a pro forma"):
            invoice.action_proforma_print()
        with self.assertRaisesRegex(UserError, "Only pro formas"):
            self.env["ir.actions.report"]._render_qweb_html("crm_proforma.action_report_proforma", invoice.ids)

    def test_send_by_email_with_template_and_attachment(self):
        proforma = self._make_proforma()
        action = proforma.action_proforma_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        template = self.env.ref("crm_proforma.mail_template_proforma")
        self.assertEqual(action["context"]["default_template_id"], template.id)
        composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
        self.assertIn("PF/2026/0001", composer.subject)
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertTrue(composer.attachment_ids)
        self.assertTrue(composer.attachment_ids[0].name.startswith("PRO FORMA PF_2026_0001"))
        composer._action_send_mail()
        self.assertEqual(proforma.proforma_state, "sent")
        message = proforma.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))[:1]
        self.assertTrue(message)
        self.assertIn(self.customer, message.partner_ids)
        self.assertTrue(message.attachment_ids)
        self.assertIn("PF/2026/0001", message.body)
        groups = proforma._notify_get_recipients_groups(message, "Pro Forma")
        self.assertFalse([data for _name, _filter, data in groups if data.get("has_button_access")])

    def test_form_creates_numbered_proforma_without_confirm_button(self):
        action = self.admin_env.ref("crm_proforma.action_proforma")
        context = safe_eval(action.context)
        with Form(self.env["account.move"].with_context(**context)) as form:
            form.partner_id = self.customer
            with form.invoice_line_ids.new() as line:
                line.product_id = self.product_a
                line.price_unit = 40.0
        proforma = form.record
        self.assertTrue(proforma.is_proforma)
        self.assertEqual(proforma.proforma_number, "PF/2026/0001")
        self.assertEqual(proforma.proforma_state, "draft")
        self.assertTrue(proforma.hide_post_button)
        listed = self.env["account.move"].search(safe_eval(action.domain))
        self.assertIn(proforma, listed)
        invoice = self.init_invoice("out_invoice", partner=self.customer, products=self.product_a)
        self.assertNotIn(invoice, listed | self.env["account.move"].search(safe_eval(action.domain)))

    def test_cancel_and_reset(self):
        proforma = self._make_proforma()
        proforma.button_cancel()
        self.assertEqual((proforma.state, proforma.proforma_state), ("cancel", "cancel"))
        with self.assertRaisesRegex(UserError, "cancelled and cannot be converted"):
            proforma._convert_to_invoice()
        proforma.button_draft()
        self.assertEqual((proforma.state, proforma.proforma_state), ("draft", "draft"))
        self.assertTrue(proforma._convert_to_invoice())

    def test_converted_cannot_be_cancelled(self):
        proforma = self._make_proforma()
        proforma._convert_to_invoice()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proforma.button_cancel()
        self.assertEqual((proforma.state, proforma.proforma_state), ("draft", "converted"))
