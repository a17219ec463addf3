"""The real PDFs: a chunk of invoices printed in batches, several wkhtmltopdf calls at once, each
print cut per invoice by Odoo's own split, each invoice's PDF holding its own number and no
other's and saying what core's own print of that invoice says.

`make test` runs Debian's wkhtmltopdf, which cannot print several documents in one call; run
with the patched build first on PATH (``PATH=.state/wkhtmltopdf:$PATH``, as `make run` does) to
check the batch itself."""

import os
import shutil
import subprocess
from typing import ClassVar
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.addons.crm_proforma.tests.common import pdf_text

from ..models.crm_recurring_template_send import _prints_in_batches
from .common import RecurringCommon


class SpiedPopen(subprocess.Popen):
    """stdlib spy: the wkhtmltopdf processes started, each with its number of documents and how
    many earlier ones were still running when it started."""

    started: ClassVar[list] = []

    def __init__(self, args, *rest, **kwargs):
        if "wkhtmltopdf" in os.path.basename(str(args[0])) and str(args[-1]).endswith(".pdf"):
            bodies = sum(1 for arg in args if "report.body.tmp." in os.path.basename(str(arg)))
            alive = sum(1 for process, _bodies, _alive in self.started if process.poll() is None)
            self.started.append((self, bodies, alive))
        super().__init__(args, *rest, **kwargs)


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
    def test_batches_printed_side_by_side_split_per_invoice(self):
        """The chunk's print batches run as wkhtmltopdf processes at once (two jobs here), and
        each invoice's PDF is its own part of the print, the same text as core's own print of
        that invoice alone."""
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.print_jobs", "2")
        template = self.make_template(partners=self.customers, after_generation="send")
        SpiedPopen.started = []
        # wkhtmltopdf's notes on stderr (unpatched Qt, styles not loaded) are logged as warnings
        with (
            patch.object(subprocess, "Popen", SpiedPopen),
            mute_logger(
                "odoo.addons.base.models.ir_actions_report",
                "odoo.addons.crm_recurring_invoice.models.ir_actions_report",
            ),
        ):
            moves = template.with_context(force_report_rendering=True)._generate_due()
        self.assertEqual(len(moves), 3)
        calls = [bodies for _process, bodies, _alive in SpiedPopen.started]
        alive = [alive for _process, _bodies, alive in SpiedPopen.started]
        self.assertEqual(sum(calls), 3, "each invoice printed once")
        if _prints_in_batches(_get_wkhtmltopdf_bin()):
            self.assertLess(len(calls), 3, "several invoices in one call")
        else:
            # Debian's wkhtmltopdf (unpatched Qt, what `make test` runs) fails on a second document
            self.assertEqual(calls, [1, 1, 1], "one call per invoice where batches cannot be printed")
        if len(calls) > 1:
            self.assertEqual(max(alive), 1, "the second call starts while the first one prints")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
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
                # core's own print of this invoice alone, one wkhtmltopdf call, no batch
                alone, _type = Report.with_context(report_pdf_no_attachment=True)._render_qweb_pdf(
                    "account.account_invoices", move.ids
                )
                self.assertEqual(text, pdf_text(alone), "the same PDF as core prints for the invoice")
