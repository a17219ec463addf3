"""Issue 10, items 1, 4 and 14: Polish for crm_offers, offers printed and mailed in the
customer's language, exports in the user's time zone."""

import io
from datetime import datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import OfferCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferLanguage(OfferCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms(["crm_offers"], ["pl_PL"], overwrite=True)
        cls.salesman.lang = "pl_PL"
        cls.product_desk.with_context(lang="pl_PL").name = "Biurko dębowe"
        cls.polish_customer = cls.env["res.partner"].create(
            {"name": "Nowak i Synowie", "email": "biuro@nowak.pl", "lang": "pl_PL"}
        )
        cls.partner.lang = "en_US"

    def _html(self, offer):
        return (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            .with_context(lang="pl_PL")
            ._render_qweb_html("crm_offers.action_report_offer", offer.ids)[0]
            .decode()
        )

    def test_polish_menu_field_view_and_selection(self):
        """Item 1: the entries of pl.po reach menus, fields, views and selections."""
        env = self.env(user=self.salesman, context={"lang": "pl_PL"})
        self.assertEqual(env.ref("crm_offers.menu_offer").name, "Oferty")
        self.assertEqual(env.ref("crm_offers.menu_offer_analysis").name, "Analiza ofert")
        fields = env["sale.order"].fields_get(["offer_state"], ["string", "selection"])["offer_state"]
        self.assertEqual(fields["string"], "Stan oferty")
        self.assertIn(("accepted", "Zaakceptowana"), fields["selection"])
        form = env["sale.order"].get_views([(env.ref("crm_offers.view_offer_form").id, "form")])["views"]["form"]
        self.assertIn("Nowa wersja", form["arch"])
        self.assertNotIn('string="New Revision"', form["arch"])

    def test_empty_analysis_says_what_appears_there(self):
        """Item 12: the empty Offer Analysis explains itself instead of "Create new sale order"."""
        action = self.env.ref("crm_offers.action_offer_analysis")
        self.assertIn("No offer has reached a customer yet", action.help)
        self.assertIn("Reached the Customer", action.help)
        self.assertIn("Żadna oferta nie trafiła jeszcze do klienta", action.with_context(lang="pl_PL").help)

    def test_printed_in_customer_language(self):
        """Item 4: a Polish salesperson prints an English customer's offer in English (product
        names too), a Polish customer's in Polish."""
        english = self._create_offer()
        html = self._html(english)
        self.assertIn("Offer date:", html)
        self.assertIn("Oak Desk", html)
        self.assertNotIn("Data oferty", html)
        self.assertNotIn("Biurko", html)
        polish = self._create_offer(partner_id=self.polish_customer.id)
        html = self._html(polish)
        self.assertIn("Data oferty:", html)
        self.assertIn("Biurko dębowe", html)
        self.assertNotIn("Offer date:", html)

    def test_mailed_in_customer_language(self):
        english = self._create_offer()
        self._send(english)
        message = english.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("please find attached our offer", message.body)
        self.assertIn(b"Offer date:", message.attachment_ids.raw)
        self.assertNotIn(b"Data oferty", message.attachment_ids.raw)

    def test_mailed_in_polish_to_polish_customer(self):
        offer = self._create_offer(partner_id=self.polish_customer.id)
        self._send(offer)
        message = offer.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("w załączeniu przesyłamy naszą ofertę", message.body)
        self.assertIn("oferta " + offer.offer_number, message.subject)
        self.assertIn("Data oferty:", message.attachment_ids.raw.decode())
        self.assertIn("Biurko dębowe", message.attachment_ids.raw.decode())

    def test_xlsx_in_user_time_zone(self):
        """Item 14: 02:42 UTC is 03:42 in Warsaw, as the screen shows it."""
        self.salesman.tz = "Europe/Warsaw"
        offer = self._create_offer(date_order=datetime(2026, 3, 2, 2, 42))
        action = offer.with_user(self.salesman).action_offer_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(sheet.cell(2, headers.index("Data") + 1).value, datetime(2026, 3, 2, 3, 42))
