"""Issue 14, sending the documents: several templates per kind with a default per language
(Optima's "Szablony wiadomości"), mailed in the customer's language, a template picked when
sending, and serial sending to a selection of customers from their list."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestDocumentSend(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["crm_dunning"], ["pl_PL"], overwrite=True)
        cls.customer.lang = "en_US"
        cls.customer_2.lang = "pl_PL"
        cls.no_email = cls.env["res.partner"].create({"name": "Bez Maila sp.j.", "lang": "pl_PL"})
        cls.nothing = cls.env["res.partner"].create({"name": "Zapłacone S.A.", "email": "z@z.pl"})
        cls.inv_1 = cls.make_invoice(cls.customer, 700, due=date(2026, 2, 1))
        cls.inv_2 = cls.make_invoice(cls.customer_2, 400, due=date(2026, 2, 1))
        cls.inv_3 = cls.make_invoice(cls.no_email, 100, due=date(2026, 2, 1))
        cls.make_invoice(cls.nothing, 100, due=date(2026, 4, 1))  # not due yet
        cls.Template = cls.env["mail.template"]
        cls.model = cls.env.ref("crm_dunning.model_crm_dunning_document")

    def mail_of(self, document):
        return self.env["mail.mail"].search([("model", "=", document._name), ("res_id", "=", document.id)])

    def test_defaults_per_kind_and_language(self):
        for kind in ("payment_reminder", "interest_note", "balance_confirmation"):
            polish = self.Template._dunning_default_template(kind, "pl_PL")
            english = self.Template._dunning_default_template(kind, "en_US")
            self.assertEqual(polish, self.env.ref(f"crm_dunning.mail_template_{kind}_pl"))
            self.assertEqual(english, self.env.ref(f"crm_dunning.mail_template_{kind}_en"))
            self.assertEqual(self.Template._dunning_default_template(kind, "de_DE"), english)

    def test_second_default_for_a_language_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self.Template.create(
                {
                    "name": "Another",
                    "model_id": self.model.id,
                    "dunning_kind": "payment_reminder",
                    "dunning_default": True,
                    "dunning_lang": "pl_PL",
                }
            )
        self.assertIn("already a default template", str(refused.exception))
        self.assertFalse(self.Template.search([("name", "=", "Another")]))
        # a non-default template of the kind is fine: several templates per kind
        self.Template.create({"name": "Another", "model_id": self.model.id, "dunning_kind": "payment_reminder"})

    def test_serial_sending_from_the_customer_list(self):
        partners = self.customer | self.customer_2 | self.no_email | self.nothing
        wizard = Form(
            self.env["crm.dunning.document.send"]
            .with_user(self.billing)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        )
        wizard.kind = "payment_reminder"
        wizard = wizard.save()
        self.assertEqual(wizard.partner_ids, partners)
        wizard.action_send()
        documents = wizard.document_ids
        self.assertEqual(documents.partner_id, self.customer | self.customer_2 | self.no_email)
        english = documents.filtered(lambda d: d.partner_id == self.customer)
        polish = documents.filtered(lambda d: d.partner_id == self.customer_2)
        self.assertEqual(english.line_ids.move_id, self.inv_1)
        self.assertEqual((english.state, polish.state), ("sent", "sent"))
        self.assertEqual(documents.filtered(lambda d: d.partner_id == self.no_email).state, "issued")
        # each customer in their language: the default template of their language and the print
        mail = self.mail_of(english)
        self.assertIn("payment reminder", mail.subject)
        self.assertIn("please find attached our payment reminder", mail.body_html)
        self.assertIn(b"Payment Reminder", mail.attachment_ids.raw)
        mail = self.mail_of(polish)
        self.assertIn("ponaglenie zapłaty", mail.subject)
        self.assertIn("w załączeniu przesyłamy ponaglenie zapłaty", mail.body_html)
        self.assertIn("Ponaglenie zapłaty", mail.attachment_ids.raw.decode())
        sent = f"<b>Sent</b> (2): Kowalski sp. z o.o. ({english.name}); Nowak S.A. ({polish.name})"
        self.assertIn(sent, wizard.summary)
        no_email = documents.filtered(lambda d: d.partner_id == self.no_email)
        self.assertIn(f"no e-mail address</b> (1): Bez Maila sp.j. ({no_email.name})", wizard.summary)
        self.assertIn("nothing to list</b> (1): Zapłacone S.A.", wizard.summary)
        self.assertIn("<b>Failed</b> (0)", wizard.summary)

    def test_pick_a_template_when_sending(self):
        """Several templates per kind: the one picked wins over the language's default."""
        final = self.Template.create(
            {
                "name": "Final demand",
                "model_id": self.model.id,
                "dunning_kind": "balance_confirmation",
                "subject": "FINAL {{ object.name }}",
                "body_html": '<p>Reply here: <t t-out="object.get_portal_url()"/></p>',
            }
        )
        wizard = (
            self.env["crm.dunning.document.send"]
            .with_user(self.billing)
            .create({"kind": "balance_confirmation", "partner_ids": self.customer_2.ids, "mail_template_id": final.id})
        )
        wizard.action_send()
        document = wizard.document_ids
        self.assertEqual(document.line_ids.move_id, self.inv_2)
        mail = self.mail_of(document)
        self.assertEqual(mail.subject, f"FINAL {document.name}")
        self.assertIn(document.access_token, mail.body_html, "the link to reply online")

    def test_send_button_opens_the_composer_on_the_default(self):
        """Send opens the composer on the default of the customer's language; another template
        of the kind can be picked there (here the Polish one for an English customer)."""
        document = (
            self.env["crm.dunning.document"]
            .with_user(self.billing)
            ._dunning_create("payment_reminder", self.customer, self.company, date(2026, 3, 20))
        )
        action = document.action_send()
        self.assertEqual(
            action["context"]["default_template_id"], self.env.ref("crm_dunning.mail_template_payment_reminder_en").id
        )
        composer = Form(self.env["mail.compose.message"].with_user(self.billing).with_context(**action["context"]))
        self.assertIn("payment reminder", composer.subject)
        composer.template_id = self.env.ref("crm_dunning.mail_template_payment_reminder_pl")
        composer.save().action_send_mail()
        self.assertEqual(document.state, "sent")
        self.assertIn("ponaglenie zapłaty", document.message_ids[:1].subject)

    def test_polish_menu_fields_views_and_kinds(self):
        env = self.env(user=self.billing, context={"lang": "pl_PL"})
        self.assertEqual(env.ref("crm_dunning.menu_dunning_document").name, "Dokumenty windykacyjne")
        fields = env["crm.dunning.document"].fields_get(["kind", "reply"], ["string", "selection"])
        self.assertEqual(fields["reply"]["string"], "Odpowiedź kontrahenta")
        self.assertIn(("balance_confirmation", "Potwierdzenie salda"), fields["kind"]["selection"])
        self.assertIn(("interest_note", "Nota odsetkowa"), fields["kind"]["selection"])
        arch = env["crm.dunning.document.send"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Pokaż dokumenty", arch)
