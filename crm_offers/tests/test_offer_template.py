from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.crm_proforma.tests.common import pdf_text

from .common import OfferCase

CUSTOM_ARCH = """<h2>Our offer <t t-out="object.offer_number"/></h2>
<p>Dear <t t-out="object.partner_id.name"/>, we propose:</p>
<ul><t t-foreach="object.order_line" t-as="line"><li><t t-out="line.product_id.name"/>
x <t t-out="int(line.product_uom_qty)"/></li></t></ul>
<p>Custom footer text</p>"""


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferTemplate(OfferCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf would fetch the report's CSS and fonts from this test server, whose
        # requests wait on the uncommitted test transaction; a closed port makes it print
        # at once with system fonts (as text pdftotext can read).
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        cls.company.write(
            {
                "name": "Meble Nowak Sp. z o.o.",
                "street": "ul. Polna 7",
                "city": "Poznan",
                "zip": "60-001",
                "vat": "PL7791011327",
                "country_id": cls.env.ref("base.pl").id,
                "state_id": False,
            }
        )
        cls.partner.write(
            {
                "street": "ul. Dluga 5",
                "city": "Gdansk",
                "zip": "80-827",
                "vat": "PL5840001230",
                "country_id": cls.env.ref("base.pl").id,
            }
        )
        cls.Template = cls.env["crm.offer.template"]
        cls.custom = cls.Template.create({"name": "Our own", "layout": "custom", "arch": CUSTOM_ARCH})
        cls.offer = cls._create_offer(lines=((None, 2, 1000.0), (cls.product_chair, 4, 250.0)))
        cls.offer.note = "<p>Payment within 14 days</p>"

    def _print(self, template, user=None):
        """Print the offer through the wizard as ``user`` (the salesman) to real PDF text."""
        offer = self.offer.with_user(user or self.salesman)
        action = offer.action_offer_print()
        wizard = (
            self.env[action["res_model"]].with_user(user or self.salesman).with_context(**action["context"])
        ).create({"template_id": template.id})
        report_action = wizard.action_print()
        self.assertEqual(report_action["report_name"], "crm_offers.report_offer")
        # wkhtmltopdf's notes on stderr (unpatched Qt, no web server for the assets in this
        # test) are logged as warnings; the PDF text is checked below instead.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_user(user or self.salesman)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("crm_offers.action_report_offer", offer.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def assertCustomerDocument(self, text):
        """Issue 10, item 3: what every print layout shows, read back from the PDF text."""
        for expected in (
            # the seller (also without the company header, which unpatched wkhtmltopdf drops)
            "Seller",
            "Meble Nowak Sp. z o.o.",
            "ul. Polna 7",
            "60-001 Poznan",
            "PL7791011327",
            # the customer with address and VAT number
            "Customer",
            "Kowalski Sp. z o.o.",
            "ul. Dluga 5",
            "80-827 Gdansk",
            "PL5840001230",
            # number, dates, lines, totals, terms
            "OF/2026/0001",
            "Offer date",
            "03/02/2026",
            "Valid until",
            "04/01/2026",
            "Oak Desk",
            "Office Chair",
            "Untaxed amount",
            "3,000.00",
            "Total",
            "Terms and conditions",
            "Payment within 14 days",
        ):
            self.assertIn(expected, text)

    def test_classic_pdf(self):
        text = self._print(self.env.ref("crm_offers.offer_template_classic"))
        self.assertCustomerDocument(text)
        for expected in ("Offer OF/2026/0001", "Solid oak desk 160 cm"):
            self.assertIn(expected, text)

    def test_modern_pdf(self):
        text = self._print(self.env.ref("crm_offers.offer_template_modern"))
        self.assertCustomerDocument(text)
        self.assertIn("OFFER OF/2026/0001", text)

    def test_modern_band_readable(self):
        """The title and the customer on the band are drawn in a colour that contrasts with it,
        never in the band's own colour."""
        self.offer.offer_template_id = self.env.ref("crm_offers.offer_template_modern")
        for primary, text_colour in (("#5b2a86", "#ffffff"), ("#375a7f", "#ffffff"), ("#ffe066", "#000000")):
            with self.subTest(primary=primary):
                self.company.primary_color = primary
                self.assertEqual(self.company._offer_band_colors(), {"background": primary, "text": text_colour})
                html = str(
                    self.env["ir.actions.report"]._render_qweb_html("crm_offers.action_report_offer", self.offer.ids)[0]
                )
                self.assertRegex(html, f'<h2 class="mb-0" style="color: {text_colour};">OFFER')
                self.assertRegex(html, f'<div style="color: {text_colour};">for')
        self.company.primary_color = "not a colour"
        self.assertEqual(self.company._offer_band_colors()["background"], "#375a7f")

    def test_custom_pdf_rendered_for_salesman(self):
        text = self._print(self.custom)
        self.assertCustomerDocument(text)
        for expected in ("Our offer OF/2026/0001", "Dear Kowalski Sp. z o.o.", "Oak Desk", "x 4", "Custom footer text"):
            self.assertIn(expected, text)
        self.assertEqual(self.offer.offer_template_id, self.custom)

    def test_layout_is_one_template(self):
        """Each layout prints through the QWeb template offer_layout_<layout>."""
        self.assertEqual(
            [self.env.ref(f"crm_offers.offer_template_{key}")._get_layout_view() for key in ("classic", "modern")],
            ["crm_offers.offer_layout_classic", "crm_offers.offer_layout_modern"],
        )
        self.assertEqual(self.custom._get_layout_view(), "crm_offers.offer_layout_custom")

    def test_syntax_error_refused_with_line(self):
        with self.assertRefused(ValidationError, r"line 3: .*(mismatch|end tag)"):
            self.Template.create({"name": "Broken XML", "layout": "custom", "arch": "<p>\nok\n<b></p>"})
        with self.assertRefused(ValidationError, r"line 2: .*(invalid syntax|SyntaxError|Can not compile)"):
            self.Template.create({"name": "Broken expr", "layout": "custom", "arch": '<p>x</p>\n<p t-out="object.("/>'})
        with self.assertRefused(ValidationError, "line 1"):
            self.custom.arch = '<p t-foreach="object.order_line">no t-as</p>'
        self.env.invalidate_all(flush=False)
        self.assertEqual(self.custom.arch, CUSTOM_ARCH)
        self.env.cr.execute("SELECT id, name->>'en_US' FROM crm_offer_template WHERE layout = 'custom' ORDER BY id")
        self.assertEqual(self.env.cr.fetchall(), [(self.custom.id, "Our own")])

    def test_failing_template_does_not_break_others(self):
        failing = self.Template.create(
            {"name": "Fails at print", "layout": "custom", "arch": '<p t-out="object.partner_id.name / 2"/>'}
        )
        with mute_logger("odoo.addons.mail.models.mail_render_mixin"):
            with self.assertRefused(
                UserError, r'template "Fails at print" could not print .*OF/2026/0001.*operand'
            ) as err:
                self._print(failing)
            self.assertNotIn("Traceback", str(err.exception))
            # the wizard names it before any PDF is asked for, and the user may pick another
            action = self.offer.with_user(self.salesman).action_offer_print()
            wizard = (self.env[action["res_model"]].with_user(self.salesman).with_context(**action["context"])).create(
                {"template_id": failing.id}
            )
            with self.assertRefused(UserError, 'template "Fails at print"'):
                wizard.action_print()
        self.assertIn("Our offer OF/2026/0001", self._print(self.custom))
        self.assertIn("Offer OF/2026/0001", self._print(self.env.ref("crm_offers.offer_template_classic")))

    def test_only_template_editors_write_dynamic_code(self):
        """A sales manager who is not a template editor cannot save code a salesman would run."""
        editor_group = self.env.ref("mail.group_mail_template_editor")
        self.env.ref("base.group_user").write({"implied_ids": [Command.unlink(editor_group.id)]})
        manager = new_test_user(self.env, login="offer_manager", groups="sales_team.group_sale_manager")
        editor_group.write({"users": [Command.unlink(manager.id)]})
        self.assertFalse(manager.has_group("mail.group_mail_template_editor"))
        templates = self.Template.with_user(manager)
        with self.assertRaises(AccessError):
            templates.create({"name": "Sneaky", "layout": "custom", "arch": '<t t-out="object.env.cr.dbname"/>'})
        # plain placeholders are allowed
        safe = templates.create({"name": "Plain", "layout": "custom", "arch": '<p t-out="object.offer_number"/>'})
        with self.assertRaises(AccessError):
            safe.arch = '<p t-out="object.sudo().env.user.password"/>'
        # and a salesman cannot edit templates at all
        with self.assertRaises(AccessError):
            self.custom.with_user(self.salesman).arch = "<p>mine</p>"

    def test_template_form_says_who_writes_code(self):
        """Issue 16, "Trust, written down": the form says code runs with mail-template rights."""
        arch = self.Template.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("runs with the rights Odoo gives mail templates", arch)
        self.assertIn("Mail Template Editor", arch)
        self.assertIn('<label for="name"', arch)

    def test_single_default(self):
        classic = self.env.ref("crm_offers.offer_template_classic")
        self.assertTrue(classic.is_default)
        self.custom.is_default = True
        self.assertFalse(classic.is_default)
        self.assertEqual(self.Template._get_default_template(), self.custom)
        self.assertEqual(self._create_offer().offer_template_id, self.custom)
