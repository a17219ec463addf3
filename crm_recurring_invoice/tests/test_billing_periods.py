"""Issue 9, cases 1-2 on real invoices: the first short period is billed (prorated by default,
or in full, or not at all), post-paid periods are whole months invoiced the day after."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestBillingPeriods(RecurringCommon):
    def _template(self, **vals):
        return self.make_template(
            partners=self.customer_en,
            lines=[{"product_id": self.product_a.id, "name": "{period_start} - {period_end}", "price_unit": 100}],
            **vals,
        )

    def _summary(self, moves):
        return [
            (m.invoice_date, m.invoice_line_ids.name, m.invoice_line_ids.price_unit)
            for m in moves.sorted(lambda m: (m.invoice_date, m.id))
        ]

    @freeze_time("2026-12-02")
    def test_case_1_prepaid_first_short_period_prorated(self):
        template = self._template(start="2026-11-07")
        moves = template._generate_due()
        self.assertEqual(
            self._summary(moves),
            [
                (date(2026, 11, 7), "11/07/2026 - 11/30/2026", 80.0),  # 24 of 30 days
                (date(2026, 12, 1), "12/01/2026 - 12/31/2026", 100.0),
            ],
        )
        self.assertEqual(
            sorted((p.period_start, p.period_end) for p in template.period_ids),
            [(date(2026, 11, 7), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))],
        )
        self.assertEqual(template.next_invoice_date, date(2027, 1, 1))

    @freeze_time("2026-12-02")
    def test_case_1_short_period_in_full_or_not_at_all(self):
        full = self._template(start="2026-11-07", short_period="full")
        self.assertEqual(
            self._summary(full._generate_due()),
            [
                (date(2026, 11, 7), "11/07/2026 - 11/30/2026", 100.0),
                (date(2026, 12, 1), "12/01/2026 - 12/31/2026", 100.0),
            ],
        )
        skip = self._template(start="2026-11-07", short_period="skip")
        self.assertEqual(self._summary(skip._generate_due()), [(date(2026, 12, 1), "12/01/2026 - 12/31/2026", 100.0)])
        self.assertEqual(skip.next_invoice_date, date(2027, 1, 1))

    @freeze_time("2026-03-02")
    def test_case_2_postpaid_whole_months_invoiced_the_day_after(self):
        template = self._template(start="2026-01-01", invoicing_mode="postpaid")
        moves = template._generate_due()
        self.assertEqual(
            self._summary(moves),
            [
                (date(2026, 2, 1), "01/01/2026 - 01/31/2026", 100.0),
                (date(2026, 3, 1), "02/01/2026 - 02/28/2026", 100.0),
            ],
        )
        self.assertEqual(template.next_invoice_date, date(2026, 4, 1))

    @freeze_time("2026-04-15")
    def test_customer_joining_and_leaving_inside_periods(self):
        """One template, its calendar; a customer who joins on 16 Feb and leaves on 15 Mar pays
        13/28 of February and 15/31 of March; own prices are prorated too."""
        template = self.make_template(
            partners=self.env["res.partner"],
            activate=False,
            lines=[
                {"product_id": self.product_a.id, "name": "Rent", "price_unit": 310},
            ],
        )
        template.write(
            {
                "partner_ids": [
                    Command.create(
                        {"partner_id": self.customer_pl.id, "date_start": "2026-02-16", "date_end": "2026-03-15"}
                    ),
                    Command.create(
                        {
                            "partner_id": self.customer_en.id,
                            "price_override": True,
                            "price_unit": 280,
                            "date_start": "2026-02-15",
                        }
                    ),
                ]
            }
        )
        template.action_start()
        moves = template._generate_due()
        pl = moves.filtered(lambda m: m.partner_id == self.customer_pl).sorted("invoice_date")
        self.assertEqual(pl.mapped("invoice_date"), [date(2026, 2, 16), date(2026, 3, 1)])
        self.assertEqual(pl.invoice_line_ids.mapped("price_unit"), [143.93, 150.0])  # 310*13/28, 310*15/31
        en = moves.filtered(lambda m: m.partner_id == self.customer_en).sorted("invoice_date")
        self.assertEqual(en.mapped("invoice_date"), [date(2026, 2, 15), date(2026, 3, 1), date(2026, 4, 1)])
        self.assertEqual(en.invoice_line_ids.mapped("price_unit"), [140.0, 280.0, 280.0])  # 280*14/28

    @freeze_time("2026-12-02")
    def test_preview_shows_the_short_period_and_its_price(self):
        template = self._template(start="2026-11-07", activate=True)
        rows = template._preview()
        self.assertEqual(
            [(r["period_start"], r["period_end"], r["invoice_date"], r["amount_untaxed"]) for r in rows],
            [
                (date(2026, 11, 7), date(2026, 11, 30), date(2026, 11, 7), 80.0),
                (date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 1), 100.0),
            ],
        )
        self.assertFalse(template.move_ids, "the preview creates nothing")

    @freeze_time("2026-03-02")
    def test_ledger_of_the_earlier_rule_is_respected(self):
        """A post-paid template invoiced under the earlier rule (1-1 Jan on 1 Jan, 2 Jan-1 Feb
        on 1 Feb): generation under the new rule bills no day twice (2-28 Feb, 27/28 of the
        price, on 1 Mar) and the next invoice is April's."""
        template = self._template(start="2026-01-01", invoicing_mode="postpaid")
        row = template.partner_ids
        self.env["crm.recurring.period"].sudo().create(
            [
                {
                    "template_id": template.id,
                    "template_partner_id": row.id,
                    "period_start": start,
                    "period_end": end,
                    "invoice_date": start,
                }
                for start, end in (("2026-01-01", "2026-01-01"), ("2026-01-02", "2026-02-01"))
            ]
        )
        self.assertEqual(template.next_invoice_date, date(2026, 3, 1))
        moves = template._generate_due()
        self.assertEqual(self._summary(moves), [(date(2026, 3, 1), "02/02/2026 - 02/28/2026", 96.43)])
        self.assertEqual(template.next_invoice_date, date(2026, 4, 1))
        self.assertFalse(template._generate_due())
