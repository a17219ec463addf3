"""A template shared by many customers (Optima's own use): one invoice per customer and period,
whatever the chunking, the catch-up or the reruns."""

from collections import Counter
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestSharedTemplates(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Shared customer {i:02d}", "email": f"shared{i:02d}@example.com"} for i in range(25)]
        )

    def _cron(self):
        self.env["crm.recurring.template"]._cron_generate()
        self.env.invalidate_all()

    def _assert_one_per_customer_and_period(self, template, months):
        """Every customer of ``template`` has exactly one invoice and one ledger row for each of
        ``months`` (first days), and nothing else."""
        moves = template.move_ids
        expected = {(partner.id, month) for partner in self.customers for month in months}
        invoiced = Counter((move.partner_id.id, move.invoice_date) for move in moves)
        self.assertEqual(set(invoiced), expected)
        self.assertEqual(set(invoiced.values()), {1}, "no customer is invoiced twice for a period")
        ledger = Counter((row.partner_id.id, row.period_start) for row in template.period_ids)
        self.assertEqual(set(ledger), expected)
        self.assertEqual(set(ledger.values()), {1})
        self.assertEqual(template.period_ids.move_id, moves)

    @freeze_time("2026-03-15")
    def test_shared_template_one_invoice_per_customer_and_period(self):
        """25 customers, three months to catch up, cut in chunks of 7 invoices (a template
        spread over many chunks, chunks shared with another template); reruns add nothing,
        the next month adds exactly one invoice per customer."""
        template = self.make_template(partners=self.customers, name="Shared")
        other = self.make_template(partners=self.customers[:3], name="Other", start="2026-03-01")
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.chunk_size", "7")
        self._cron()
        months = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
        self._assert_one_per_customer_and_period(template, months)
        self.assertEqual(len(template.move_ids), 75)
        self.assertEqual(len(other.move_ids), 3, "the same customers on another template are billed there too")
        self.assertEqual(template.next_invoice_date, date(2026, 4, 1))
        self.assertEqual(template.last_generated_date, date(2026, 3, 1))
        self.assertEqual(set(template.partner_ids.mapped("next_invoice_date")), {date(2026, 4, 1)})

        self._cron()
        self.assertFalse(template._generate_due(), "a rerun makes nothing")
        self._assert_one_per_customer_and_period(template, months)

        with freeze_time("2026-04-02"):
            self._cron()
            self._cron()
        self._assert_one_per_customer_and_period(template, [*months, date(2026, 4, 1)])
        self.assertEqual(len(template.move_ids), 100)
        self.assertEqual(template.next_invoice_date, date(2026, 5, 1))

    @freeze_time("2026-02-10")
    def test_customer_joining_a_shared_template_late(self):
        """A customer added to a template that already ran is caught up alone; the others are
        not invoiced again."""
        template = self.make_template(partners=self.customers[:10], name="Shared")
        self._cron()
        self.assertEqual(len(template.move_ids), 20)
        late = self.customers[10]
        template.write({"partner_ids": [(0, 0, {"partner_id": late.id, "date_start": "2026-02-01"})]})
        self.assertEqual(template.next_generation_date, date(2026, 2, 1))
        self._cron()
        self.assertEqual(len(template.move_ids), 21)
        made_for_late = template.move_ids.filtered(lambda m: m.partner_id == late)
        self.assertEqual(made_for_late.invoice_date, date(2026, 2, 1))
        self.assertEqual(template.next_invoice_date, date(2026, 3, 1))
