"""Issue 11: one creation hook per document kind, one small value per due invoice, the
month-based units defined once."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..models.recurrence import MONTH_UNITS
from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestDocumentHooks(RecurringCommon):
    @freeze_time("2026-02-10")
    def test_one_create_function_per_kind(self):
        template = self.make_template(partners=self.customer_en)
        vals = [
            template._prepare_invoice_vals(item.row, item.period, {"text": {}})
            for item in template._due_periods(date(2026, 2, 10))[template]
        ]
        invoices = template._get_document_create_func("invoice")(vals)
        self.assertEqual(invoices.mapped("invoice_date"), [date(2026, 1, 1), date(2026, 2, 1)])
        self.assertFalse(any(invoices.mapped("is_proforma")))
        proformas = template._get_document_create_func("proforma")(vals)
        self.assertTrue(all(proformas.mapped("is_proforma")))
        self.assertEqual(proformas.mapped("invoice_date"), [date(2026, 1, 1), date(2026, 2, 1)])
        with self.assertRaises(UserError):
            template._get_document_create_func("credit_note")

    @freeze_time("2026-02-10")
    def test_due_invoice_values(self):
        template = self.make_template(partners=self.customer_pl)
        first = template._due_periods(date(2026, 2, 10))[template][0]
        self.assertEqual((first.template, first.row.partner_id, first.kind), (template, self.customer_pl, "invoice"))
        self.assertIsNone(first.vals)
        ready = first.prepared({"partner_id": self.customer_pl.id, "company_id": template.company_id.id})
        self.assertIsNone(first.vals, "preparing makes a copy")
        self.assertEqual(
            ready.ledger_vals(7),
            {
                "template_id": template.id,
                "template_partner_id": first.row.id,
                "company_id": template.company_id.id,
                "partner_id": self.customer_pl.id,
                "period_start": date(2026, 1, 1),
                "period_end": date(2026, 1, 31),
                "invoice_date": date(2026, 1, 1),
                "move_id": 7,
            },
        )

    def test_month_units_defined_once_and_read_by_the_view(self):
        template = self.make_template(activate=False)
        with Form(template) as form:
            for unit in ("day", "week", "month", "quarter", "year"):
                form.interval_unit = unit
                self.assertEqual(form.uses_day_of_month, unit in MONTH_UNITS)
        arch = self.env["crm.recurring.template"].get_view(view_type="form")["arch"]
        self.assertNotIn("'quarter'", arch)
        self.assertIn('invisible="not uses_day_of_month"', arch)
