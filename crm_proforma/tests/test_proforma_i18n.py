from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user

from .common import ProformaCommon, pdf_text


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestProformaPolish(ProformaCommon):
    """Issue 10 items 1, 2 and 4: the addon speaks Polish once Polish is loaded, and the
    documents a customer receives are printed and mailed in the customer's language,
    whatever the language of the user who makes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.admin_env
        admin["res.lang"]._activate_lang("pl_PL")
        admin["ir.module.module"]._load_module_terms(["crm_proforma"], ["pl_PL"], overwrite=True)
        admin["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")  # see test_proforma_pdf
        cls.polish_user = new_test_user(
            admin,
            login="pf_polski",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            lang="pl_PL",
        )
        cls.customer.sudo().lang = "en_US"
        cls.polish_customer = admin["res.partner"].create(
            {"name": "Polski Klient S.A.", "email": "polski@example.com", "lang": "pl_PL", "city": "Kraków"}
        )

    def _pl(self, record):
        return record.with_context(lang="pl_PL")

    def test_ui_in_polish(self):
        menu = self._pl(self.admin_env.ref("crm_proforma.menu_proforma"))
        self.assertEqual(menu.name, "Faktury pro forma")
        fields = self._pl(self.env["account.move"]).fields_get(["proforma_state", "proforma_number"])
        self.assertEqual(fields["proforma_number"]["string"], "Numer faktury pro forma")
        self.assertEqual(fields["proforma_state"]["string"], "Status faktury pro forma")
        self.assertIn(("issued", "Wystawiona"), fields["proforma_state"]["selection"])
        self.assertIn(("converted", "Przekształcona"), fields["proforma_state"]["selection"])
        form_view = self.admin_env.ref("crm_proforma.view_proforma_form")
        arch = self._pl(self.env["account.move"]).get_views([(form_view.id, "form")])["views"]["form"]["arch"]
        for text in ("Przekształć w fakturę", "Wystaw", "Przekształcona w fakturę:", "nie można już zmieniać"):
            self.assertIn(text, arch)
        self.assertNotIn("Convert to Invoice", arch)
        # the converted banner reads as one sentence, not "w fakturę Wersja robocza faktury;"
        self.assertNotIn("w fakturę Wersja", arch)
        list_view = self.admin_env.ref("crm_proforma.view_proforma_list")
        list_arch = self._pl(self.env["account.move"]).get_views([(list_view.id, "list")])["views"]["list"]["arch"]
        self.assertIn("Kontrahent", list_arch)

    def test_errors_in_the_users_language(self):
        Move = self.env["account.move"].with_user(self.polish_user).with_context(lang="pl_PL")
        with self.assertRaisesRegex(UserError, "create_proforma oczekuje wartości faktury pro forma"):
            Move.create_proforma("junk")
        with self.assertRaisesRegex(UserError, "rekord #2000000000 nie istnieje"):
            Move.create_proforma([self._proforma_vals(partner_id=2_000_000_000)])
        proforma = Move.create_proforma([self._proforma_vals()])
        with self.assertRaisesRegex(UserError, "nie jest dostępne dla faktury pro forma PF/2026/0001"):
            proforma.action_register_payment()

    def _pdf_text(self, proforma, user):
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, _type = (
                self.env["ir.actions.report"]
                .with_user(user)
                .with_context(lang=user.lang, force_report_rendering=True)
                ._render_qweb_pdf("crm_proforma.action_report_proforma", proforma.ids)
            )
        return " ".join(pdf_text(pdf).split())

    def test_print_in_the_customers_language(self):
        english_user = self.invoice_user
        self.assertEqual(english_user.lang, "en_US")
        for_english = self._make_proforma()
        for_polish = self._make_proforma(partner_id=self.polish_customer.id)
        # a Polish-speaking user prints for an English-speaking customer: English
        text = self._pdf_text(for_english, self.polish_user)
        for snippet in ("PRO FORMA PF/2026/0001", "Seller", "Customer", "Date of Issue", "not a VAT invoice"):
            self.assertIn(snippet, text)
        self.assertNotIn("Sprzedawca", text)
        # an English-speaking user prints for a Polish customer: Polish
        text = self._pdf_text(for_polish, english_user)
        for snippet in (
            "FAKTURA PRO FORMA PF/2026/0002",
            "Sprzedawca",
            "Nabywca",
            "Polski Klient S.A.",
            "Data wystawienia",
            "Termin płatności",
            "To jest faktura pro forma, a nie faktura VAT",
        ):
            self.assertIn(snippet, text)
        self.assertNotIn("Date of Issue", text)

    def test_mail_in_the_customers_language(self):
        for user, partner, subject, body in (
            (self.polish_user, self.customer, "Pro Forma PF/2026/0001", "Please find attached our pro forma"),
            (self.invoice_user, self.polish_customer, "Faktura pro forma PF/2026/0002", "w załączeniu przesyłamy"),
        ):
            proforma = self._make_proforma(partner_id=partner.id).with_user(user).with_context(lang=user.lang)
            action = proforma.action_proforma_send()
            composer = self.env["mail.compose.message"].with_user(user).with_context(**action["context"]).create({})
            self.assertIn(subject, composer.subject)
            self.assertIn(body, composer.body)
