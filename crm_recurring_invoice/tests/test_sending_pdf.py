"""The real PDFs: wkhtmltopdf run once for a chunk of invoices, the print cut per invoice by
Odoo's own split, each invoice's PDF holding its own number and no other's.

`make test` runs Debian's wkhtmltopdf, which cannot print several documents in one call; run
with the patched build first on PATH (``PATH=.state/wkhtmltopdf:$PATH``, as `make run` does) to
check the batch itself."""

import shutil
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_actions_report import IrActionsReport, _get_wkhtmltopdf_bin
from odoo.addons.crm_proforma.tests.common import pdf_text

from ..models.crm_recurring_template_send import _prints_in_batches
from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestSendingPdf(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # as crm_proforma's PDF tests: no server for wkhtmltopdf to fetch styles and web fonts
        # from (the test server's requests cannot see the uncommitted test data, and Debian's
        # unpatched Qt draws web fonts as curves): it prints with system fonts, as text
        cls.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Printed customer {i}", "email": f"printed{i}@example.com"} for i in range(3)]
        )

    def setUp(self):
        super().setUp()
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok" or not shutil.which("pdftotext"):
            self.skipTest("wkhtmltopdf and pdftotext (poppler-utils) are needed to check real PDFs")

    @freeze_time("2026-01-10")
    def test_one_wkhtmltopdf_call_split_per_invoice(self):
        template = self.make_template(partners=self.customers, after_generation="send")
        calls = []
        run = IrActionsReport._run_wkhtmltopdf

        def counting_run(report, bodies, **kwargs):
            calls.append(len(bodies))
            return run(report, bodies, **kwargs)

        # wkhtmltopdf's notes on stderr (unpatched Qt, styles not loaded) are logged as warnings
        with (
            patch.object(IrActionsReport, "_run_wkhtmltopdf", counting_run),
            mute_logger("odoo.addons.base.models.ir_actions_report"),
        ):
            moves = template.with_context(force_report_rendering=True)._generate_due()
        self.assertEqual(len(moves), 3)
        if _prints_in_batches(_get_wkhtmltopdf_bin()):
            self.assertEqual(calls, [3], "one wkhtmltopdf call for the three invoices")
        else:
            # Debian's wkhtmltopdf (unpatched Qt, what `make test` runs) fails on a second document
            self.assertEqual(calls, [1, 1, 1], "one call per invoice where batches cannot be printed")
        for move in moves:
            pdf = move.invoice_pdf_report_id
            self.assertEqual(pdf.mimetype, "application/pdf")
            self.assertTrue(pdf.raw.startswith(b"%PDF"))
            self.assertEqual(move.message_main_attachment_id, pdf)
            text = pdf_text(pdf.raw)
            self.assertIn(move.name, text)
            self.assertIn(move.partner_id.name, text)
            for other in moves - move:
                self.assertNotIn(other.name, text, "an invoice's PDF holds no other invoice")
                self.assertNotIn(other.partner_id.name, text)
            mail_attachment = move.message_ids.filtered(lambda m: m.message_type == "comment").attachment_ids
            self.assertEqual(mail_attachment.raw, pdf.raw, "the e-mail carries the invoice's own PDF")
