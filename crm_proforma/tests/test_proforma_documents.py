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

    def _form_proforma(self, partner=True, line=True):
        """A pro forma made in the menu's form, as a user would (saved, not issued)."""
        action = self.admin_env.ref("crm_proforma.action_proforma")
        context = safe_eval(action.context)
        form_view = self.admin_env.ref("crm_proforma.view_proforma_form")
        with Form(self.env["account.move"].with_context(**context), view=form_view) as form:
            if partner:
                form.partner_id = self.customer
            if line:
                with form.invoice_line_ids.new() as line_form:
                    line_form.product_id = self.product_a
                    line_form.price_unit = 40.0
        return form.record

    def test_form_creates_draft_without_number_nor_confirm_button(self):
        action = self.admin_env.ref("crm_proforma.action_proforma")
        proforma = self._form_proforma()
        self.assertTrue(proforma.is_proforma)
        self.assertFalse(proforma.proforma_number)
        self.assertEqual(proforma.display_name, "Draft Pro Forma")
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
        # it keeps its number: issued again, not an unnumbered draft
        self.assertEqual((proforma.state, proforma.proforma_state), ("draft", "issued"))
        self.assertEqual(proforma.proforma_number, "PF/2026/0001")
        self.assertTrue(proforma._convert_to_invoice())

    def test_number_given_at_issue_never_to_abandoned_drafts(self):
        """Issue 10 item 9: New + reload left numbered empty pro formas; numbers now come when
        a pro forma is issued (Issue, Print, Send, Convert), gapless."""
        abandoned = self._form_proforma(partner=False, line=False) | self._form_proforma(line=False)
        abandoned |= self._form_proforma()
        self.assertEqual(abandoned.mapped("proforma_number"), [False, False, False])
        with self.assertRaisesRegex(UserError, "Choose the customer"):
            abandoned[0].action_proforma_issue()
        with self.assertRaisesRegex(UserError, "at least one product line"):
            abandoned[1].action_proforma_print()
        first, second, third = self._form_proforma(), self._form_proforma(), self._form_proforma()
        self.assertTrue(first.action_proforma_issue())
        second.action_proforma_print()
        third.action_proforma_send()
        self.assertEqual(
            (first | second | third).mapped("proforma_number"), ["PF/2026/0001", "PF/2026/0002", "PF/2026/0003"]
        )
        self.assertEqual(first.proforma_state, "issued")
        self.assertEqual(first.invoice_date.isoformat(), "2026-03-15")
        # issuing again changes nothing; the number cannot be edited or freed by deleting
        first.action_proforma_issue()
        self.assertEqual(first.proforma_number, "PF/2026/0001")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            first.write({"proforma_number": "PF/2026/0099"})
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            first.unlink()
        # abandoned drafts can simply be deleted, and converting a draft issues it first
        abandoned[0].unlink()
        invoice = abandoned[2]._convert_to_invoice()
        self.assertEqual(abandoned[2].proforma_number, "PF/2026/0004")
        self.assertEqual(invoice.invoice_origin, "PF/2026/0004")
        self.assertEqual(abandoned[1].proforma_number, False)

    def test_print_of_draft_says_draft(self):
        proforma = self._form_proforma()
        html = self.env["ir.actions.report"]._render_qweb_html("crm_proforma.action_report_proforma", proforma.ids)[0]
        self.assertIn(b"DRAFT PRO FORMA", html)
        self.assertFalse(proforma.proforma_number)

    def test_converted_cannot_be_cancelled(self):
        proforma = self._make_proforma()
        proforma._convert_to_invoice()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            proforma.button_cancel()
        self.assertEqual((proforma.state, proforma.proforma_state), ("draft", "converted"))
