import io
import zipfile
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import OfferCase


@tagged("post_install", "-at_install")
class TestOfferExpiryReports(OfferCase):
    def test_cron_marks_expired(self):
        with freeze_time("2026-03-02 10:00:00"):
            old = self._create_offer(validity_date=date(2026, 3, 10))
            accepted = self._create_offer(validity_date=date(2026, 3, 10))
            accepted.action_offer_accept()
            current = self._create_offer(validity_date=date(2026, 3, 11))
        with freeze_time("2026-03-11 06:00:00"):
            expired = self.env["sale.order"]._cron_expire_offers(batch_size=1)
        self.assertEqual(expired, old)
        self.assertEqual(old.offer_state, "expired")
        self.assertEqual(accepted.offer_state, "accepted")
        self.assertEqual(current.offer_state, "draft")

    def test_cron_is_scheduled(self):
        cron = self.env.ref("crm_offers.ir_cron_expire_offers")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code, "model._cron_expire_offers()")

    @freeze_time("2026-03-02 10:00:00")
    def test_reminder_items_for_salesman(self):
        source = self.env.ref("crm_offers.reminder_source_offer_expiry")
        soon = self._create_offer(validity_date=date(2026, 3, 4))
        self._create_offer(validity_date=date(2026, 3, 20))  # too far
        other_user = self.env["res.users"].create({"name": "Other", "login": "other_offer_user"})
        self.Offer.sudo().create(
            {"partner_id": self.partner.id, "validity_date": date(2026, 3, 3), "user_id": other_user.id}
        )
        rejected = self._create_offer(validity_date=date(2026, 3, 3))
        rejected._offer_reject("No budget")
        items = self.env["sale.order"]._crm_reminder_items(source, self.salesman, datetime(2026, 3, 10))
        self.assertEqual([item["res_id"] for item in items], [soon.id])
        self.assertEqual(items[0]["deadline"], date(2026, 3, 4))
        self.assertIn(soon.offer_number, items[0]["title"])
        # through the Przypominacz engine, as the salesman
        reminders = self.env["crm.reminder"].with_user(self.salesman).get_reminders()
        self.assertIn(("sale.order", soon.id), [(r["model"], r["res_id"]) for r in reminders])

    @freeze_time("2026-03-02 10:00:00")
    def test_conversion_rate(self):
        offers = [self._create_offer() for _i in range(4)]
        draft = self._create_offer()
        for offer in offers:
            self._send(offer)
        offers[0].action_offer_accept()
        offers[1].action_offer_accept()
        offers[1].action_offer_create_proforma()
        offers[2]._offer_reject("Too expensive")
        all_offers = self.env["sale.order"].search([("is_offer", "=", True)])
        self.assertEqual(all_offers._get_offer_conversion_rate(), 50.0)
        self.assertEqual(draft.offer_conversion, 0.0)
        groups = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .read_group(
                [("is_offer", "=", True), ("offer_was_sent", "=", True)],
                ["offer_conversion:avg"],
                ["user_id"],
            )
        )
        self.assertEqual(groups[0]["offer_conversion"], 50.0)

    @freeze_time("2026-03-02 10:00:00")
    def test_xlsx_export(self):
        first = self._create_offer()
        second = self._create_offer(lines=((self.product_chair, 1, 250.0),))
        action = (first | second).action_offer_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.salesman).browse(attachment_id)
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as workbook:
            strings = workbook.read("xl/sharedStrings.xml").decode()
            sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
        for text in ("OF/2026/0001", "OF/2026/0002", "Kowalski Sp. z o.o.", "Sam Salesman", "Draft"):
            self.assertIn(text, strings)
        self.assertIn("<v>2000</v>", sheet)
        self.assertIn("<v>250</v>", sheet)
