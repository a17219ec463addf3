"""Preview (Optima's proposals list) and its XLSX export: amounts, and nothing created."""

import base64
import io
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestPreview(RecurringCommon):
    def _counts(self):
        return (
            self.env["account.move"].search_count([]),
            self.env["crm.recurring.period"].search_count([]),
            self.env["mail.message"].search_count([]),
        )

    @freeze_time("2026-02-10")
    def test_preview_next_run_and_months_creates_nothing(self):
        template = self.make_template()
        before = self._counts()
        rows = template._preview()
        self.assertEqual(len(rows), 4)  # Jan and Feb (catch-up) for two customers
        row = rows[0]
        self.assertEqual(row["invoice_date"], date(2026, 1, 1))
        self.assertEqual(row["amount_untaxed"], 200.0)
        self.assertGreater(row["amount_total"], 200.0)  # the taxes of the test chart
        self.assertEqual(row["currency"], template.currency_id.name)
        self.assertIn(row["partner"], ("Kowalski sp. z o.o.", "Smith Ltd"))
        self.assertFalse(row["error"])
        self.assertEqual(len(template._preview(months=3)), 10)  # Jan .. May
        self.assertEqual(self._counts(), before)
        # the forecast matches what generation then makes
        moves = template._generate_due()
        self.assertEqual(sorted(moves.mapped("amount_total")), [r["amount_total"] for r in rows])
        self.assertEqual(len(template._preview(months=3)), 6)

    @freeze_time("2026-02-10")
    def test_preview_shows_problems(self):
        template = self.make_template(partners=self.customer_pl)
        self.customer_pl.active = False
        rows = template._preview()
        self.assertTrue(rows and all("archived" in r["error"] for r in rows))
        self.assertEqual(template.state, "running")

    @freeze_time("2026-02-10")
    def test_wizard_and_xlsx(self):
        template = self.make_template()
        action = template.with_user(self.user).action_preview()
        wizard = self.env["crm.recurring.preview"].with_user(self.user).browse(action["res_id"])
        self.assertEqual(len(wizard.line_ids), 4)
        self.assertEqual(wizard.amount_total, sum(r["amount_total"] for r in template._preview()))
        wizard.write({"scope": "months", "months": 2})
        wizard.action_refresh()
        self.assertEqual(len(wizard.line_ids), 8)
        wizard.action_export_xlsx()
        content = base64.b64decode(wizard.xlsx_file)
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
            strings = book.read("xl/sharedStrings.xml").decode()
        self.assertIn("Kowalski sp. z o.o.", strings)
        self.assertEqual(sheet.count("<row "), 9)  # header + 8 invoices
        self.assertFalse(template.move_ids)
        result = wizard.action_generate()
        self.assertEqual(len(template.move_ids), 4)
        self.assertEqual(self.env["account.move"].search(result["domain"]), template.move_ids)
