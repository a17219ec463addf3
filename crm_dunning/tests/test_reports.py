"""Issue 14, reports: overdue receivables by customer with aging buckets, the level reached,
the last action and the block; effectiveness (share paid within N days after each level);
XLSX export of both, read back; the billing user sees only his companies."""

import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_reminders.tests.polish import PolishCase

from .common import DunningCommon


class ReportCommon(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scheme = cls.make_scheme(is_default=True)
        cls.friendly, cls.sms_level, cls.final = cls.scheme.level_ids

    def pay(self, invoice, payment_date, amount=None):
        values = {"payment_date": payment_date}
        if amount is not None:
            values["amount"] = amount
        self.env["account.payment.register"].with_user(self.billing).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(values)._create_payments()

    def run_dunning(self, **kwargs):
        return self.env["crm.dunning.scheme"].with_user(self.billing)._dunning_run(self.company, **kwargs)

    def read_xlsx(self, wizard):
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 10:00:00")
class TestAgingReport(ReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # days late on 2026-06-30: -5, 0, 1, 30, 31, 90, 91
        for amount, due in [
            (100, date(2026, 7, 5)),
            (50, date(2026, 6, 30)),
            (200, date(2026, 6, 29)),
            (300, date(2026, 5, 31)),
            (400, date(2026, 5, 30)),
            (500, date(2026, 4, 1)),
            (600, date(2026, 3, 31)),
        ]:
            cls.make_invoice(cls.customer, amount, due=due)
        cls.partly_paid = cls.make_invoice(cls.customer_2, 1000, due=date(2026, 6, 10))
        cls.other_company_invoice = cls.make_invoice(cls.customer, 7000, due=date(2026, 1, 31), company=cls.company_2)

    def aging(self, user=None, domain=()):
        Report = self.env["crm.dunning.aging.report"].with_user(user or self.billing)
        return Report.search(list(domain))

    def test_buckets_by_customer(self):
        self.pay(self.partly_paid, date(2026, 6, 20), amount=400)
        rows = self.aging()
        self.assertEqual(rows.partner_id, self.customer | self.customer_2)
        kowalski = rows.filtered(lambda r: r.partner_id == self.customer)
        # by hand: not due 100 + 50; 1-30: 200 + 300; 31-60: 400; 61-90: 500; over 90: 600
        self.assertEqual(
            [
                kowalski.amount_not_due,
                kowalski.amount_1_30,
                kowalski.amount_31_60,
                kowalski.amount_61_90,
                kowalski.amount_over_90,
                kowalski.amount_overdue,
                kowalski.amount_residual,
            ],
            [150, 500, 400, 500, 600, 2000, 2150],
        )
        self.assertEqual((kowalski.invoice_count, kowalski.overdue_count, kowalski.max_days_overdue), (7, 5, 91))
        nowak = rows.filtered(lambda r: r.partner_id == self.customer_2)
        self.assertEqual((nowak.amount_1_30, nowak.amount_overdue), (600, 600), "the partial payment is deducted")
        self.assertEqual(nowak.currency_id, self.company.currency_id)

    def test_buckets_move_with_the_day(self):
        with freeze_time("2026-07-01 10:00:00"):
            self.env.invalidate_all()
            kowalski = self.aging(domain=[("partner_id", "=", self.customer.id)])
            # one day later: 0 -> 1 (50 to 1-30), 30 -> 31 (300 to 31-60), 90 -> 91 (500 to over 90)
            self.assertEqual(
                [kowalski.amount_not_due, kowalski.amount_1_30, kowalski.amount_31_60, kowalski.amount_61_90],
                [100, 250, 700, 0],
            )
            self.assertEqual(kowalski.amount_over_90, 1100)

    def test_level_last_action_and_block(self):
        self.run_dunning()
        self.customer._dunning_block(self.scheme, "Test block")
        kowalski = self.aging(domain=[("partner_id", "=", self.customer.id)])
        self.assertEqual(kowalski.level_id, self.final, "the highest level any invoice reached")
        self.assertEqual(kowalski.last_action_kind, "task", "the final level's e-mail, then its task")
        self.assertEqual(kowalski.last_action_state, "done")
        self.assertTrue(kowalski.blocked)
        nowak = self.aging(domain=[("partner_id", "=", self.customer_2.id)])
        self.assertEqual(nowak.level_id, self.sms_level)
        self.assertEqual(nowak.last_action_kind, "sms")
        self.assertFalse(nowak.blocked)
        # pivot and graph read groups, as the billing user
        Report = self.env["crm.dunning.aging.report"].with_user(self.billing)
        groups = Report.read_group([], ["amount_overdue:sum", "amount_over_90:sum"], ["blocked"])
        totals = {group["blocked"]: (group["amount_overdue"], group["amount_over_90"]) for group in groups}
        self.assertEqual(totals, {True: (2000, 600), False: (1000, 0)})

    def test_user_sees_only_his_companies(self):
        self.assertNotIn(self.company_2, self.aging().company_id)
        both = new_test_user(
            self.env,
            login="dunning_billing_both",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | self.company_2).ids)],
        )
        rows = self.aging(user=both.with_context(allowed_company_ids=(self.company | self.company_2).ids))
        rows = rows.with_context(allowed_company_ids=(self.company | self.company_2).ids)
        self.assertEqual(rows.company_id, self.company | self.company_2)
        other = rows.filtered(lambda r: r.company_id == self.company_2)
        self.assertEqual((other.partner_id, other.amount_over_90), (self.customer, 7000))

    def test_xlsx_export(self):
        self.pay(self.partly_paid, date(2026, 6, 20), amount=400)
        self.run_dunning()
        wizard = self.env["crm.dunning.report.wizard"].with_user(self.billing).create({})
        action = wizard.action_export_xlsx()
        self.assertIn("/xlsx_file/", action["url"])
        self.assertEqual(wizard.xlsx_name, "dunning_reports_2026-06-30.xlsx")
        sheets = self.read_xlsx(wizard)
        self.assertEqual(list(sheets), ["Overdue Receivables", "Effectiveness by Level", "Dunning Effectiveness"])
        aging = sheets["Overdue Receivables"]
        header = aging[0]
        self.assertEqual(header[:3], ["Customer", "Company", "Currency"])
        rows = {row[0]: dict(zip(header, row, strict=True)) for row in aging[1:]}
        self.assertEqual(set(rows), {"Kowalski sp. z o.o.", "Nowak S.A."}, "company 2 is not the user's")
        kowalski = rows["Kowalski sp. z o.o."]
        self.assertEqual(
            [kowalski[h] for h in ("Not Due", "1-30 Days", "31-60 Days", "61-90 Days", "Over 90 Days", "Overdue")],
            [150, 500, 400, 500, 600, 2000],
        )
        self.assertEqual(kowalski["Level Reached"], "Final notice")
        self.assertEqual(kowalski["Last Action"], "Task")
        self.assertEqual(rows["Nowak S.A."]["1-30 Days"], 600)


@tagged("post_install", "-at_install")
class TestEffectivenessReport(ReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third = cls.env["res.partner"].create({"name": "Wiśniewski", "email": "w@example.com"})
        cls.fourth = cls.env["res.partner"].create({"name": "Zieliński", "email": "z@example.com"})

    def effectiveness(self, days=None):
        Report = self.env["crm.dunning.effectiveness.report"].with_user(self.billing)
        if days:
            Report = Report.with_context(dunning_effect_days=days)
        self.env.invalidate_all()
        return Report.search([])

    def test_share_paid_within_n_days(self):
        with freeze_time("2026-03-20 10:00:00"):
            # 15 days late on 2026-03-20: the SMS level (+10) fires for all three
            on_time = self.make_invoice(self.customer, 100, due=date(2026, 3, 5))
            late = self.make_invoice(self.customer_2, 100, due=date(2026, 3, 5))
            unpaid = self.make_invoice(self.third, 100, due=date(2026, 3, 5))
            self.assertEqual(self.run_dunning().level_id, self.sms_level)
        self.pay(on_time, date(2026, 3, 25))  # 5 days after the level
        self.pay(late, date(2026, 4, 10))  # 21 days after
        with freeze_time("2026-04-15 10:00:00"):
            # the final level (+30) fires for the unpaid one, the SMS level for a new one
            recent = self.make_invoice(self.fourth, 100, due=date(2026, 4, 5))
            self.assertEqual(self.run_dunning().level_id, self.sms_level | self.final)
        with freeze_time("2026-04-20 10:00:00"):
            rows = self.effectiveness()
            sms = rows.filtered(lambda r: r.level_id == self.sms_level)
            self.assertEqual(sms.move_id, on_time | late | unpaid | recent)
            self.assertEqual(rows.filtered(lambda r: r.level_id == self.final).move_id, unpaid)
            outcome = {row.move_id: (row.outcome, row.paid_rate, row.days_to_pay) for row in sms}
            self.assertEqual(outcome[on_time], ("paid", 100.0, 5))
            self.assertEqual(outcome[late], ("late", 0.0, 21))
            self.assertEqual(outcome[unpaid][:2], ("unpaid", 0.0))
            self.assertEqual(outcome[recent][0], "open", "5 days after the level: the window is still open")
            self.assertEqual(set(rows.mapped("window_days")), {14})
            Report = self.env["crm.dunning.effectiveness.report"].with_user(self.billing)
            rates = {g["level_id"][0]: g["paid_rate"] for g in Report.read_group([], ["paid_rate:avg"], ["level_id"])}
            self.assertAlmostEqual(rates[self.sms_level.id], 100 / 3, places=2, msg="1 of 3 decided, one still open")
            self.assertFalse(rates[self.final.id], "nothing decided yet at the final level")

            rows = self.effectiveness(days=30)
            outcome = {row.move_id: row.outcome for row in rows if row.level_id == self.sms_level}
            self.assertEqual(
                [outcome[move] for move in (on_time, late, unpaid, recent)], ["paid", "paid", "unpaid", "open"]
            )
            groups = Report.with_context(dunning_effect_days=30).read_group([], ["paid_rate:avg"], ["level_id"])
            rates = {g["level_id"][0]: g["paid_rate"] for g in groups}
            self.assertAlmostEqual(rates[self.sms_level.id], 200 / 3, places=2)

            wizard = self.env["crm.dunning.report.wizard"].with_user(self.billing).create({"effect_days": 14})
            action = wizard.action_open_effectiveness()
            self.assertEqual(action["context"], {"dunning_effect_days": 14})
            wizard.action_export_xlsx()
            sheets = self.read_xlsx(wizard)
        summary = sheets["Effectiveness by Level"]
        self.assertEqual(summary[1], ["[STD] Scheme STD", "SMS", 4, 1, 1, 1, 1, 33.3])
        self.assertEqual(summary[2], ["[STD] Scheme STD", "Final notice", 1, 0, 0, 0, 1, None])
        detail = sheets["Dunning Effectiveness"]
        by_invoice = {(row[1], row[3]): row for row in detail[1:]}
        self.assertEqual(by_invoice["SMS", on_time.name][6].date(), date(2026, 3, 25))
        self.assertEqual(by_invoice["SMS", late.name][9], "Paid Later")
        self.assertIsNone(by_invoice["SMS", recent.name][10], "no share while the window is open")

    def test_failed_levels_do_not_count(self):
        broken = self.mail_template.copy({"subject": "{{ 1/0 }}"})
        self.friendly.action_ids.mail_template_id = broken
        with freeze_time("2026-03-20 10:00:00"):
            self.make_invoice(self.customer, 100, due=date(2026, 3, 24))  # the friendly e-mail fails
            ledger = self.run_dunning()
            self.assertEqual(ledger.mapped("state"), ["failed"])
            self.assertFalse(self.effectiveness())

    def test_window_must_be_positive(self):
        Wizard = self.env["crm.dunning.report.wizard"].with_user(self.billing)
        before = Wizard.search_count([])
        # Odoo's assertRaises rolls back to a savepoint, as a request would
        with self.assertRaises(ValidationError) as caught:
            Wizard.create({"effect_days": 0})
        self.assertIn("between 1 and 3650 days, not 0", str(caught.exception))
        self.assertEqual(Wizard.search_count([]), before, "no wizard was written")


@tagged("post_install", "-at_install")
class TestReportsPolish(PolishCase):
    polish_addon = "crm_dunning"
    polish_groups = "account.group_account_invoice"

    def test_reports_in_polish(self):
        self.assertEqual(self.env_pl.ref("crm_dunning.menu_dunning_aging_report").name, "Należności przeterminowane")
        fields = self.env_pl["crm.dunning.aging.report"].fields_get(["amount_1_30", "level_id"])
        self.assertEqual(fields["amount_1_30"]["string"], "1-30 dni")
        self.assertEqual(fields["level_id"]["string"], "Osiągnięty poziom")
        outcome = self.env_pl["crm.dunning.effectiveness.report"].fields_get(["outcome"])["outcome"]
        self.assertIn(("paid", "Zapłacone na czas"), outcome["selection"])
        arch = self.env_pl["crm.dunning.report.wizard"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Eksport do XLSX", arch)
