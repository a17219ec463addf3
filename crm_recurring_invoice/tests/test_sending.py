"""Post and e-mail: what generation leaves is what Odoo's Send & Print leaves (the invoice PDF
as each invoice's main attachment, one queued e-mail per invoice with it), made a chunk at a
time, and a run killed while e-mailing sends nothing twice on its rerun.

In tests Odoo renders reports as HTML instead of PDF (``ir.actions.report`` without
``force_report_rendering``); the real PDFs are checked in ``test_sending_pdf.py``."""

from collections import Counter
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.account.models.account_move_send import AccountMoveSend
from odoo.addons.base.models.ir_actions_report import IrActionsReport

from .common import RecurringCommon


class Killed(BaseException):
    """Stands for the process being killed: not an ``Exception``, so nothing catches it on its
    way out, as nothing survives a kill."""


@tagged("post_install", "-at_install")
class TestSending(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Mailed customer {i}",
                    "email": f"mailed{i}@example.com",
                    "lang": "pl_PL" if i % 2 else "en_US",
                }
                for i in range(6)
            ]
        )
        # the invoice mail template in Polish too, to see each customer's mail in his language
        cls.env["ir.module.module"]._load_module_terms(["account"], ["pl_PL"], overwrite=True)

    def _mails(self, moves):
        return self.env["mail.mail"].sudo().search([("model", "=", "account.move"), ("res_id", "in", moves.ids)])

    def _sent_shape(self, move):
        """What sending left on one invoice, independent of which invoice it is."""
        pdf = move.invoice_pdf_report_id
        messages = move.message_ids.filtered(lambda m: m.message_type == "comment")
        mails = self._mails(move)
        return {
            "pdf_name": pdf.name == move._get_invoice_report_filename(),
            "pdf_field": (pdf.res_model, pdf.res_id, pdf.res_field),
            "main_attachment": move.message_main_attachment_id == pdf,
            "messages": len(messages),
            "message_attachments": [(a.name == pdf.name, a.raw == pdf.raw) for a in messages.attachment_ids],
            "mails": len(mails),
            "mail_state": set(mails.mapped("state")),
            "recipients": mails.recipient_ids == move.partner_id,
            "subject": messages.subject,
            "sent": move.is_move_sent,
        }

    @freeze_time("2026-01-10")
    def test_same_documents_as_send_and_print(self):
        """Ours beside Odoo's Send & Print (the batch wizard's job, run as its scheduled action
        runs it) on invoices of the same customers: the same attachments, messages and mails."""
        ours = self.make_template(partners=self.customers[:2], after_generation="send")
        theirs = self.make_template(partners=self.customers[:2], after_generation="post", name="Posted only")
        our_moves = ours._generate_due()
        their_moves = theirs._generate_due()
        self.assertFalse(self._mails(their_moves))
        # what the batch wizard's scheduled job runs, the mails queued as ours are
        self.env["account.move.send"]._generate_and_send_invoices(
            their_moves.with_context(mail_notify_force_send=False), sending_methods={"email"}
        )
        for our_move, their_move in zip(our_moves.sorted("partner_id"), their_moves.sorted("partner_id"), strict=True):
            self.assertEqual(our_move.partner_id, their_move.partner_id)
            our_shape, their_shape = self._sent_shape(our_move), self._sent_shape(their_move)
            self.assertEqual(our_shape["pdf_field"][2], "invoice_pdf_report_file")
            self.assertEqual(our_shape["pdf_field"][:2], ("account.move", our_move.id))
            self.assertEqual(their_shape["pdf_field"][:2], ("account.move", their_move.id))
            our_shape.pop("pdf_field"), their_shape.pop("pdf_field")
            self.assertEqual(
                our_shape.pop("subject").replace(our_move.name, "N"),
                their_shape.pop("subject").replace(their_move.name, "N"),
            )
            self.assertEqual(our_shape, their_shape)
            self.assertEqual(
                our_shape,
                {
                    "pdf_name": True,
                    "main_attachment": True,
                    "messages": 1,
                    "message_attachments": [(True, True)],
                    "mails": 1,
                    "mail_state": {"outgoing"},
                    "recipients": True,
                    "sent": True,
                },
            )

    @freeze_time("2026-01-10")
    def test_one_report_rendering_per_chunk_and_mail_in_customer_language(self):
        template = self.make_template(partners=self.customers[:4], after_generation="send")
        other = self.make_template(partners=self.customers[4:], after_generation="send", name="Other")
        calls = []
        render = IrActionsReport._render_qweb_html

        def counting_render(report, report_ref, docids, data=None):
            calls.append(len(docids))
            return render(report, report_ref, docids, data=data)

        with patch.object(IrActionsReport, "_render_qweb_html", counting_render):
            moves = (template | other)._generate_due()
        self.assertEqual(len(moves), 6)
        self.assertEqual(calls, [6], "the invoice report is rendered once for the whole chunk, both templates")
        for move in moves:
            pdf = move.invoice_pdf_report_id
            self.assertIn(move.name.encode(), pdf.raw, "each invoice gets its own part of the print")
            for other in moves - move:
                self.assertNotIn(other.name.encode(), pdf.raw)
            # the text Send & Print would give this invoice, rendered for the chunk at once
            message = move.message_ids.filtered(lambda m: m.message_type == "comment")
            lang = move.partner_id.lang
            core = self.env["account.move.send"]
            self.assertEqual(message.subject, core._get_default_mail_subject(move, template.mail_template_id, lang))
            self.assertIn("Faktura" if lang == "pl_PL" else "Invoice", message.subject)
            self.assertIn(move.partner_id.name, message.body)

    @freeze_time("2026-01-10")
    def test_kill_while_emailing_then_rerun_sends_each_invoice_once(self):
        """Chunks of 4 invoices; the process dies at the first e-mail of the second chunk. The
        first chunk (invoices, PDFs, queued mails) was committed; of the second nothing is left,
        and the rerun makes and sends it: six invoices, six PDFs, six mails."""
        template = self.make_template(partners=self.customers, after_generation="send")
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.chunk_size", "4")
        sent = []
        send_mail = AccountMoveSend._send_mail

        def dying_send_mail(send, move, mail_template, **kwargs):
            if len(sent) == 4:
                raise Killed()
            sent.append(move.id)
            return send_mail(send, move, mail_template, **kwargs)

        killed = False
        with patch.object(AccountMoveSend, "_send_mail", dying_send_mail):
            try:
                self.env["crm.recurring.template"]._cron_generate()
            except Killed:
                killed = True
        self.assertTrue(killed, "the run was killed at its fifth e-mail")
        self.env.invalidate_all()
        self.assertEqual(len(template.move_ids), 4, "the first chunk is kept")
        self.assertEqual(len(template.period_ids), 4)
        self.assertEqual(sorted(self._mails(template.move_ids).mapped("res_id")), sorted(sent))
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "account.move"), ("res_field", "=", "invoice_pdf_report_file")]
            ),
            4,
            "no PDF of the killed chunk is left",
        )

        self.env["crm.recurring.template"]._cron_generate()
        self.env["crm.recurring.template"]._cron_generate()
        self.env.invalidate_all()
        moves = template.move_ids
        self.assertEqual(len(moves), 6)
        self.assertEqual(set(moves.partner_id.ids), set(self.customers.ids))
        mails = self._mails(moves)
        self.assertEqual(Counter(mails.mapped("res_id")), Counter(moves.ids), "one mail per invoice, none twice")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued, not delivered")
        for move in moves:
            self.assertTrue(move.is_move_sent)
            self.assertEqual(len(move.invoice_pdf_report_id), 1)
            self.assertEqual(move.message_main_attachment_id, move.invoice_pdf_report_id)

    @freeze_time("2026-01-10")
    def test_customer_without_email_sends_nothing_of_the_template(self):
        no_mail = self.env["res.partner"].create({"name": "No mail"})
        template = self.make_template(partners=self.customers[:2] | no_mail, after_generation="send")
        good = self.make_template(partners=self.customers[2:4], after_generation="send", name="Good")
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(template.state, "error")
        self.assertIn("No mail", template.error_message)
        self.assertFalse(template.move_ids, "nothing half-done: no invoice, no PDF, no mail")
        self.assertFalse(self._mails(self.env["account.move"].search([("partner_id", "in", self.customers[:2].ids)])))
        self.assertEqual(len(self._mails(good.move_ids)), 2)
