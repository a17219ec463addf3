"""Issue 14, the balance confirmation as of its date: every receivable item of the customer dated
up to that day (invoices, credit notes, payments not yet applied) with what was open of it on
that day, whatever was paid or reconciled afterwards. Amounts worked out by hand."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from . import test_document_pdf
from .common import DunningCommon

AS_OF = date(2026, 3, 31)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-20 10:00:00")
class TestBalanceAsOf(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.customer
        # 1,000.00 dated 1 March: 400.00 paid on 20 March (before the date), 600.00 on 10 April
        # (after it): 600.00 was open on 31 March, although the invoice is paid today
        cls.half_paid = cls.make_invoice(customer, 1000.0, due=date(2026, 3, 1))
        cls.pay(cls.half_paid, 400.0, date(2026, 3, 20))
        cls.pay(cls.half_paid, 600.0, date(2026, 4, 10))
        # paid in full before the date: nothing open on it
        cls.paid_before = cls.make_invoice(customer, 100.0, due=date(2026, 3, 1))
        cls.pay(cls.paid_before, 100.0, date(2026, 3, 10))
        # dated after the date: not listed
        cls.later = cls.make_invoice(customer, 500.0, due=date(2026, 4, 5))
        # a credit note of 15 March, open
        cls.refund = cls.make_invoice(customer, 200.0, due=date(2026, 3, 15), move_type="out_refund")
        # a payment received on 25 March and not applied to any invoice
        cls.unapplied = cls.payment(300.0, date(2026, 3, 25))
        # a payment received after the date: not listed
        cls.payment(150.0, date(2026, 4, 2))
        # another customer's invoice: not listed
        cls.make_invoice(cls.customer_2, 999.0, due=date(2026, 3, 1))
        cls.Document = cls.env["crm.dunning.document"].with_user(cls.billing)

    @classmethod
    def pay(cls, move, amount, day):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"amount": amount, "payment_date": day})
        )
        wizard._create_payments()

    @classmethod
    def payment(cls, amount, day):
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.customer.id,
                "amount": amount,
                "date": day,
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        return payment

    def test_open_items_as_of_the_date(self):
        self.assertEqual(self.half_paid.payment_state, "paid", "paid today; open on 31 March")
        document = self.Document._dunning_create("balance_confirmation", self.customer, self.company, AS_OF)
        lines = {line.move_id: line for line in document.line_ids}
        self.assertEqual(set(lines), {self.half_paid, self.refund, self.unapplied.move_id})
        self.assertEqual(lines[self.half_paid].amount_total, 1000.0)
        self.assertEqual(lines[self.half_paid].amount_residual, 600.0, "the payment of 10 April does not count")
        self.assertEqual(lines[self.refund].amount_residual, -200.0)
        self.assertEqual(lines[self.unapplied.move_id].amount_residual, -300.0)
        self.assertEqual(lines[self.unapplied.move_id].amount_total, -300.0)
        self.assertEqual(lines[self.half_paid].amount_residual_currency, 600.0)
        self.assertEqual(lines[self.half_paid].move_currency_id, self.company.currency_id)
        # 600.00 - 200.00 - 300.00
        self.assertEqual(document.amount_total, 100.0)
        self.assertEqual(document.amount_residual, 100.0)
        self.assertEqual(
            document.line_ids.mapped("move_id"),
            self.half_paid | self.refund | self.unapplied.move_id,
            "in date order: 1, 15 and 25 March",
        )

    def test_a_later_date_sees_later_items(self):
        """As of 10 April: the invoice is settled, the later invoice and payment are open."""
        document = self.Document._dunning_create("balance_confirmation", self.customer, self.company, date(2026, 4, 10))
        residuals = {line.move_id: line.amount_residual for line in document.line_ids}
        self.assertNotIn(self.half_paid, residuals)
        self.assertEqual(residuals[self.later], 500.0)
        # 500.00 - 200.00 - 300.00 - 150.00
        self.assertEqual(document.amount_total, -150.0)

    def test_pdf_names_the_kind_of_each_item_and_whose_favour(self):
        """As of 10 April the customer owes less than his credits: the PDF says the balance is in
        his favour, without a minus, and names each item's kind."""
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        document = self.Document._dunning_create("balance_confirmation", self.customer, self.company, date(2026, 4, 10))
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, __ = (
                self.env["ir.actions.report"]
                .with_user(self.billing)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("crm_dunning.action_report_dunning_document", document.ids)
            )
        text = test_document_pdf.pdf_text(pdf)
        for snippet in ["Balance in your favour", "150.00", "Invoice", "Credit note", "Payment"]:
            self.assertIn(snippet, text)
        self.assertNotIn("Balance in our favour", text)
        self.assertRegex(text, r"Balance in your favour \S* ?150\.00", "the total without a minus")

    def test_salesperson_cannot_make_one(self):
        """The balance confirmation is the accountant's: a plain salesperson cannot read the
        receivable items, and nothing is created."""
        with self.assertRaises(AccessError):
            self.env["crm.dunning.document"].with_user(self.salesperson)._dunning_create(
                "balance_confirmation", self.customer, self.company, AS_OF
            )
        self.assertFalse(self.env["crm.dunning.document"].search([("kind", "=", "balance_confirmation")]))
