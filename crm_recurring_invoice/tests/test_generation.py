"""Generation: catch-up, idempotency, kill and rerun, workers, day 31, placeholders, after-steps."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import ir_cron

from .common import RecurringCommon


class Killed(Exception):
    """Stands for the process being killed between two batches."""


@tagged("post_install", "-at_install")
class TestGeneration(RecurringCommon):
    def _moves(self, template):
        return self.env["account.move"].search([("recurring_template_id", "=", template.id)], order="invoice_date, id")

    @freeze_time("2026-03-15")
    def test_catch_up_one_invoice_per_period_then_idempotent(self):
        template = self.make_template()
        moves = template._generate_due()
        # Jan, Feb, Mar for two customers: the missed periods are caught up one by one
        self.assertEqual(len(moves), 6)
        self.assertEqual(moves, self._moves(template))
        self.assertEqual(
            sorted(set(moves.mapped("invoice_date"))), [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
        )
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice"})
        for move in moves:
            self.assertEqual(len(move.invoice_line_ids), 2)
            self.assertEqual(move.amount_untaxed, 200.0)
            self.assertEqual(move.journal_id, self.journal)
            self.assertEqual(move.invoice_user_id, self.user)
        ledger = template.period_ids
        self.assertEqual(len(ledger), 6)
        self.assertEqual(ledger.move_id, moves)
        january = ledger.filtered(lambda p: p.period_start == date(2026, 1, 1))
        self.assertEqual(set(january.mapped("period_end")), {date(2026, 1, 31)})
        self.assertEqual(template.next_invoice_date, date(2026, 4, 1))
        self.assertEqual(template.last_generated_date, date(2026, 3, 1))
        # rerun: nothing new
        self.assertFalse(template._generate_due())
        self.assertEqual(len(self._moves(template)), 6)
        # the invoice links back to its template; the template's smart button lists them
        self.assertEqual(moves[0].recurring_template_id, template)
        self.assertEqual(template.move_count, 6)
        action = template.action_view_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), moves)
        self.assertEqual(moves[0].action_open_recurring_template()["res_id"], template.id)

    @freeze_time("2026-03-15")
    def test_deleted_invoice_is_not_regenerated(self):
        template = self.make_template(partners=self.customer_pl)
        moves = template._generate_due()
        moves[0].unlink()
        self.assertFalse(template._generate_due())
        self.assertEqual(len(template.period_ids), 3)

    def test_gap_catch_up_after_downtime(self):
        template = self.make_template(partners=self.customer_pl, interval_unit="week", start="2026-03-02")
        with freeze_time("2026-03-02"):
            self.assertEqual(len(template._generate_due()), 1)
        # the server was down for three weeks
        with freeze_time("2026-03-24"):
            moves = template._generate_due()
        self.assertEqual(moves.mapped("invoice_date"), [date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)])

    def test_day_31_no_drift_and_leap_year(self):
        template = self.make_template(partners=self.customer_en, start="2024-01-01", day_of_month=31)
        with freeze_time("2024-05-01"):
            moves = template._generate_due()
        self.assertEqual(
            sorted(moves.mapped("invoice_date")),
            # 1-30 Jan is a first short period, invoiced on the start date
            [date(2024, 1, 1), date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)],
        )
        self.assertEqual(template.next_invoice_date, date(2024, 5, 31))

    def test_last_day_post_paid(self):
        template = self.make_template(
            partners=self.customer_en, start="2026-01-01", day_mode="last", invoicing_mode="postpaid"
        )
        with freeze_time("2026-02-27"):
            moves = template._generate_due()
        self.assertEqual(moves.invoice_date, date(2026, 1, 31))
        self.assertEqual(
            (template.period_ids.period_start, template.period_ids.period_end), (date(2026, 1, 1), date(2026, 1, 31))
        )
        with freeze_time("2026-02-28"):
            self.assertEqual(template._generate_due().invoice_date, date(2026, 2, 28))

    def test_quarterly_on_day_31(self):
        template = self.make_template(partners=self.customer_en, interval_unit="quarter", day_of_month=31)
        with freeze_time("2026-11-01"):
            moves = template._generate_due()
        self.assertEqual(
            sorted(moves.mapped("invoice_date")),
            [date(2026, 1, 1), date(2026, 1, 31), date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)],
        )

    def test_days_ahead_and_company_time_zone(self):
        template = self.make_template(partners=self.customer_en, start="2026-02-01", days_ahead=5)
        with freeze_time("2026-01-26 22:00:00"):  # 23:00 in Warsaw: still the 26th there
            self.assertFalse(template._generate_due())
        with freeze_time("2026-01-26 23:30:00"):  # 00:30 on the 27th in Warsaw
            moves = template._generate_due()
        self.assertEqual(moves.invoice_date, date(2026, 2, 1))

    def test_end_by_count_and_by_date(self):
        by_count = self.make_template(partners=self.customer_en, end_type="count", occurrences=2)
        by_date = self.make_template(partners=self.customer_pl, end_type="date", date_end="2026-02-15")
        with freeze_time("2026-12-01"):
            self.assertEqual(len(by_count._generate_due()), 2)
            self.assertEqual(len(by_date._generate_due()), 2)
        self.assertFalse(by_count.next_invoice_date)
        self.assertEqual(by_date.period_ids.sorted("period_start")[-1].period_end, date(2026, 2, 15))

    @freeze_time("2026-03-15")
    def test_customer_dates_and_overrides(self):
        template = self.make_template(partners=self.env["res.partner"], activate=False)
        template.write(
            {
                "partner_ids": [
                    Command.create({"partner_id": self.customer_pl.id, "date_start": "2026-03-01", "quantity": 3}),
                    Command.create(
                        {
                            "partner_id": self.customer_en.id,
                            "date_end": "2026-01-31",
                            "price_override": True,
                            "price_unit": 10,
                        }
                    ),
                ]
            }
        )
        template.action_start()
        moves = template._generate_due()
        pl_moves = moves.filtered(lambda m: m.partner_id == self.customer_pl)
        en_moves = moves.filtered(lambda m: m.partner_id == self.customer_en)
        self.assertEqual(pl_moves.invoice_date, date(2026, 3, 1))
        self.assertEqual(pl_moves.invoice_line_ids.mapped("quantity"), [3.0, 3.0])
        self.assertEqual(en_moves.invoice_date, date(2026, 1, 1))
        self.assertEqual(en_moves.invoice_line_ids.mapped("price_unit"), [10.0, 10.0])

    @freeze_time("2026-11-03")
    def test_placeholders_in_customer_language(self):
        template = self.make_template(
            start="2026-11-01",
            lines=[
                {
                    "product_id": self.product_a.id,
                    "name": "Abonament za {period_month} {period_year}",
                    "price_unit": 100,
                },
                {"product_id": self.product_b.id, "name": "{period_start} - {period_end}", "price_unit": 1},
            ],
        )
        moves = template._generate_due()
        pl_move = moves.filtered(lambda m: m.partner_id == self.customer_pl)
        en_move = moves.filtered(lambda m: m.partner_id == self.customer_en)
        self.assertEqual(pl_move.invoice_line_ids[0].name, "Abonament za listopad 2026")
        self.assertEqual(en_move.invoice_line_ids[0].name, "Abonament za November 2026")
        self.assertEqual(pl_move.invoice_line_ids[1].name, "01.11.2026 - 30.11.2026")
        self.assertEqual(en_move.invoice_line_ids[1].name, "11/01/2026 - 11/30/2026")

    @freeze_time("2026-01-10")
    def test_post_and_email_with_pdf(self):
        template = self.make_template(after_generation="send")
        moves = template._generate_due()
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertTrue(all(moves.mapped("is_move_sent")))
        mails = self.env["mail.mail"].sudo().search([("model", "=", "account.move"), ("res_id", "in", moves.ids)])
        self.assertEqual(len(mails), 2)
        for mail in mails:
            self.assertTrue(mail.attachment_ids, "the invoice print is attached")
            self.assertIn(mail.attachment_ids[0].name[-4:], (".pdf", "html"))
        self.assertEqual(set(mails.mapped("recipient_ids")), {self.customer_pl, self.customer_en})

    @freeze_time("2026-01-10")
    def test_post_only(self):
        template = self.make_template(after_generation="post")
        moves = template._generate_due()
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertTrue(all(m.name.startswith("INV/") for m in moves))

    @freeze_time("2026-01-10")
    def test_proforma(self):
        template = self.make_template(document_type="proforma", after_generation="post")
        moves = template._generate_due()
        self.assertEqual(len(moves), 2)
        self.assertTrue(all(moves.mapped("is_proforma")))
        self.assertTrue(all(moves.mapped("proforma_number")))
        self.assertEqual(set(moves.mapped("state")), {"draft"}, "a pro forma is never posted")
        self.assertEqual(template.period_ids.move_id, moves)

    @freeze_time("2026-02-10")
    def test_one_chatter_entry_per_template_and_run(self):
        template = self.make_template()
        before = len(template.message_ids)
        moves = template._generate_due()
        self.assertEqual(len(moves), 4)
        self.assertEqual(len(template.message_ids) - before, 1)
        self.assertIn("4 document(s) generated", template.message_ids[0].body)
        for move in moves:
            self.assertFalse(
                move.message_ids.filtered(lambda m: m.message_type != "notification" and m.tracking_value_ids)
            )

    @freeze_time("2026-01-10")
    def test_analytic_distribution_models_and_own_distribution(self):
        """Generation skips core's per-line search of distribution models only when none can
        apply: a model for one customer still fills that customer's lines, and a template
        line's own distribution wins."""
        plan = self.env["account.analytic.plan"].create({"name": "Projects"})
        project, own = self.env["account.analytic.account"].create(
            [{"name": "Project X", "plan_id": plan.id}, {"name": "Own", "plan_id": plan.id}]
        )
        without_models = self.make_template()
        lines = without_models._generate_due().invoice_line_ids
        self.assertEqual(len(lines), 4)
        self.assertFalse(any(lines.mapped("analytic_distribution")))

        self.env["account.analytic.distribution.model"].create(
            {"partner_id": self.customer_pl.id, "analytic_distribution": {str(project.id): 100}}
        )
        with_models = self.make_template(
            lines=[
                {"product_id": self.product_a.id, "name": "Hosting", "price_unit": 100},
                {
                    "product_id": self.product_b.id,
                    "name": "Support",
                    "price_unit": 50,
                    "analytic_distribution": {str(own.id): 100},
                },
            ]
        )
        moves = with_models._generate_due()

        def line(partner, product):
            return moves.invoice_line_ids.filtered(lambda ln: ln.partner_id == partner and ln.product_id == product)

        self.assertEqual(line(self.customer_pl, self.product_a).analytic_distribution, {str(project.id): 100})
        self.assertFalse(line(self.customer_en, self.product_a).analytic_distribution)
        self.assertEqual(line(self.customer_pl, self.product_b).analytic_distribution, {str(own.id): 100})
        self.assertEqual(line(self.customer_en, self.product_b).analytic_distribution, {str(own.id): 100})

    @freeze_time("2026-02-10")
    def test_generate_now_button(self):
        template = self.make_template()
        action = template.action_generate_now()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(len(template.move_ids), 4)
        draft = self.make_template(activate=False)
        self.assertFalse(draft._generate_due(), "a draft template generates nothing")

    def _many_templates(self, count):
        return self.Template.browse(
            [self.make_template(partners=self.customer_en, name=f"T{i}", start="2026-01-01").id for i in range(count)]
        )

    def _cron_killed_at_progress(self, nth):
        """Run the cron and kill it at its ``nth`` progress report (a commit point outside
        tests); returns whether it was killed. Not assertRaises: Odoo's rolls back to a
        savepoint, and the work finished before the kill must stay."""
        calls = []

        def progress(cron, done, remaining, deactivate=False):
            calls.append(done)
            if len(calls) == nth:
                raise Killed()

        with patch.object(ir_cron, "_notify_progress", progress):
            try:
                self.env["crm.recurring.template"]._cron_generate()
            except Killed:
                return True
        return False

    @freeze_time("2026-02-10")
    def test_cron_all_due_templates_in_batches(self):
        templates = self._many_templates(5)
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.batch_size", "2")
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(templates.period_ids), 10)
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(templates.period_ids), 10)

    @freeze_time("2026-02-10")
    def test_kill_midway_then_rerun(self):
        """Batches done before the kill stay, the rerun finishes the rest: nothing twice, nothing lost."""
        templates = self._many_templates(6)
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.batch_size", "2")
        self.assertTrue(self._cron_killed_at_progress(2))
        templates.invalidate_recordset()
        self.assertEqual(len(templates.period_ids), 8, "two batches of two templates (two periods each) done")
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(templates.period_ids), 12)
        moves = self.env["account.move"].search([("recurring_template_id", "in", templates.ids)])
        self.assertEqual(len(moves), 12)
        self.assertEqual(
            len(set(templates.period_ids.mapped(lambda p: (p.template_partner_id.id, p.period_start)))), 12
        )

    @freeze_time("2026-02-10")
    def test_kill_inside_a_batch_rolls_it_back_then_rerun(self):
        templates = self._many_templates(4)
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.batch_size", "2")

        def progress(cron, done, remaining, deactivate=False):
            raise Killed()

        # Odoo's assertRaises runs its block in a savepoint: the killed batch is rolled back
        with self.assertRaises(Killed), patch.object(ir_cron, "_notify_progress", progress):
            self.env["crm.recurring.template"]._cron_generate()
        self.env.invalidate_all()
        self.assertFalse(templates.period_ids, "the killed transaction left nothing")
        self.assertFalse(self.env["account.move"].search_count([("recurring_template_id", "in", templates.ids)]))
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(templates.period_ids), 8)
        self.assertEqual(self.env["account.move"].search_count([("recurring_template_id", "in", templates.ids)]), 8)

    @freeze_time("2026-02-10")
    def test_kill_between_chunks_of_a_shared_template_then_rerun(self):
        """A template shared by many customers is cut into chunks of invoices: the chunks done
        before the kill stay, the rerun makes the others, nothing twice, nothing lost."""
        template = self.make_template(partners=self.customer_pl | self.customer_en | self.customer_3)
        other = self.make_template(partners=self.customer_en, name="Other")
        self.env["ir.config_parameter"].sudo().set_param("crm_recurring_invoice.chunk_size", "4")
        self.assertTrue(self._cron_killed_at_progress(1))
        self.env.invalidate_all()
        # 6 invoices of the shared template + 2 of the other: chunks of 4, 2 + 2, killed after the first
        self.assertEqual(len(template.period_ids), 4, "the first chunk is kept")
        self.assertFalse(other.period_ids)
        self.assertEqual(len(template.move_ids), 4)
        self.env["crm.recurring.template"]._cron_generate()
        self.env.invalidate_all()
        self.assertEqual(len(template.period_ids), 6)
        self.assertEqual(len(other.period_ids), 2)
        self.assertEqual(len(template.move_ids), 6)
        self.assertEqual(template.period_ids.move_id, template.move_ids)
        pairs = {(p.partner_id.id, p.period_start) for p in template.period_ids}
        self.assertEqual(len(pairs), 6)
        self.assertEqual(set(template.period_ids.mapped("company_id")), {template.company_id})
        self.assertEqual(
            {(m.partner_id.id, m.invoice_date) for m in template.move_ids},
            {(partner_id, start) for partner_id, start in pairs},
        )
        notes = template.message_ids.filtered(lambda m: "document(s) generated" in (m.body or ""))
        self.assertEqual(len(notes), 2, "one note per chunk the template was made in")
        self.assertEqual(template.state, "running")

    @freeze_time("2026-02-10")
    def test_two_workers_split_without_duplicates(self):
        templates = self._many_templates(5)
        Template = self.env["crm.recurring.template"]
        Template._cron_generate(worker=0, workers=2)
        even = templates.filtered(lambda t: t.id % 2 == 0)
        self.assertEqual(len(templates.period_ids), 2 * len(even))
        self.assertEqual(templates.period_ids.template_id, even)
        Template._cron_generate(worker=1, workers=2)
        Template._cron_generate(worker=0, workers=2)
        self.assertEqual(len(templates.period_ids), 10)
        self.assertEqual(self.env["account.move"].search_count([("recurring_template_id", "in", templates.ids)]), 10)

    @freeze_time("2026-02-10")
    def test_limit_generates_part_and_retriggers(self):
        templates = self._many_templates(3)
        cron = self.env.ref("crm_recurring_invoice.ir_cron_generate")
        triggers = self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)])
        self.env["crm.recurring.template"]._cron_generate(limit=2)
        self.assertEqual(len(templates.period_ids.template_id), 2)
        self.assertEqual(self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]), triggers + 1)

    @freeze_time("2026-02-10")
    def test_cron_covers_every_company_and_rules_separate_them(self):
        other = self.setup_other_company(name="Other company")
        company = other["company"]
        template = (
            self.env["crm.recurring.template"]
            .with_company(company)
            .create(
                {
                    "name": "Other company's subscription",
                    "company_id": company.id,
                    "journal_id": other["default_journal_sale"].id,
                    "currency_id": company.currency_id.id,
                    "date_start": "2026-02-01",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_a.id,
                                "price_unit": 10,
                                "tax_ids": [Command.set(other["default_tax_sale"].ids)],
                            }
                        )
                    ],
                    "partner_ids": [Command.create({"partner_id": self.customer_en.id})],
                }
            )
        )
        template.action_start()
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(template.move_ids), 1)
        self.assertEqual(template.move_ids.company_id, company)
        self.assertEqual(template.move_ids.journal_id, other["default_journal_sale"])
        as_user = self.env["crm.recurring.template"].with_user(self.user)
        self.assertFalse(as_user.search([("id", "=", template.id)]))
