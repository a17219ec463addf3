"""Issue 14, runs: the dry-run preview of the next run exports to XLSX (read back), executes
nothing, and shows the billing user only his companies."""

import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20 10:00:00")
class TestPreviewExport(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.friendly, cls.sms_level, cls.final = cls.scheme.level_ids
        cls.env["crm.dunning.scheme"].sudo().create(cls.scheme_values(code="B", company=cls.company_2, is_default=True))

    def test_preview_exported_nothing_done(self):
        first = self.make_invoice(self.customer, 700, due=date(2026, 3, 5))  # 15 days late: SMS
        second = self.make_invoice(self.customer, 300, due=date(2026, 3, 8))  # 12 days: SMS
        old = self.make_invoice(self.customer_2, 250.5, due=date(2026, 2, 1))  # 47 days: final notice
        self.make_invoice(self.customer_2, 999, due=date(2026, 2, 1), company=self.company_2)
        wizard = self.env["crm.dunning.run.wizard"].with_user(self.billing).create({})
        action = wizard.action_export_preview_xlsx()
        self.assertIn("/xlsx_file/dunning_preview_2026-03-20.xlsx", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        self.assertEqual(book.sheetnames, ["Dunning Preview", "Invoices"])
        summary = [list(row) for row in book["Dunning Preview"].iter_rows(values_only=True)]
        self.assertEqual(summary[0][:4], ["Company", "Customer", "Dunning Scheme", "Level"])
        rows = sorted(summary[1:], key=lambda row: row[1])
        company = self.company.name
        self.assertEqual(
            rows,
            [
                [company, "Kowalski sp. z o.o.", "[STD] Scheme STD", "SMS", 10, "SMS", f"{first.name}, {second.name}"]
                + [1000, self.company.currency_id.name],
                [company, "Nowak S.A.", "[STD] Scheme STD", "Final notice", 30, "E-mail, Task", old.name]
                + [250.5, self.company.currency_id.name],
            ],
            "company 2's customer is not the billing user's",
        )
        invoices = [list(row) for row in book["Invoices"].iter_rows(values_only=True)]
        by_name = {row[2]: row for row in invoices[1:]}
        self.assertEqual(by_name[first.name][3].date(), date(2026, 3, 5))
        self.assertEqual(by_name[first.name][4:6], [15, 700])
        self.assertEqual(by_name[old.name][4:6], [47, 250.5])
        # a dry run: nothing done, nothing recorded
        self.assertFalse(self.env["crm.dunning.ledger"].search([]))
        self.assertFalse((first | second | old).dunning_level_id)
        self.assertFalse(self.env["sms.sms"].search([("number", "=", "+48600100200")]))

    def test_empty_preview_exports_headers_only(self):
        wizard = self.env["crm.dunning.run.wizard"].with_user(self.billing).create({})
        wizard.action_export_preview_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        self.assertEqual(book["Dunning Preview"].max_row, 1)
        self.assertIn("Nothing to do", wizard.result)
