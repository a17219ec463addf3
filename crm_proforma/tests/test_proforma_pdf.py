from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ProformaCommon, pdf_text


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaPdf(ProformaCommon):
    """The real PDF made by wkhtmltopdf, checked by its text (poppler's pdftotext)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf would fetch the report's CSS and web fonts from this server, whose
        # requests cannot see (and may wait on) the uncommitted test transaction; and the
        # unpatched Qt of Debian's wkhtmltopdf draws web fonts as curves, leaving no text to
        # check. Pointing it at a closed port makes it print with system fonts, as text.
        cls.admin_env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")

    def test_print_real_pdf_has_proforma_title_and_number(self):
        proforma = self._make_proforma()
        action = proforma.action_proforma_print()
        self.assertEqual(action["report_name"], "crm_proforma.report_proforma")
        # wkhtmltopdf's notes on stderr (unpatched Qt, assets not loaded) are logged as
        # warnings; what matters is checked on the PDF's text below.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("crm_proforma.action_report_proforma", proforma.ids)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        self.assertIn("PRO FORMA PF/2026/0001", " ".join(text.split()))
        self.assertIn("not a VAT invoice", text)
        self.assertIn("Klient Sp. z o.o.", text)
        self.assertIn("product_a", text)
        self.assertNotIn("Draft Invoice", text)
