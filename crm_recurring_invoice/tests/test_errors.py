"""One broken template never blocks the others; it is flagged, its user told, and retried."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestErrorIsolation(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_old = cls._create_product(name="Old service", lst_price=30)

    def _todo(self, template):
        return template.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    @freeze_time("2026-02-10")
    def test_broken_templates_among_good_ones(self):
        good = self.make_template(name="Good", partners=self.customer_3)
        archived_product = self.make_template(
            name="Old product",
            partners=self.customer_en,
            lines=[{"product_id": self.product_old.id, "name": "Old", "price_unit": 30}],
        )
        archived_customer = self.make_template(name="Gone customer", partners=self.customer_pl)
        bad_tax = self.make_template(name="Bad tax", partners=self.customer_3)
        bad_tax.line_ids[0].tax_ids = self.tax_purchase_a
        self.product_old.active = False
        self.customer_pl.active = False
        templates = good | archived_product | archived_customer | bad_tax
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(good.move_ids), 2)
        self.assertEqual(good.state, "running")
        for template, reason in (
            (archived_product, "Old service"),
            (archived_customer, "Kowalski"),
            (bad_tax, "not a sales tax"),
        ):
            self.assertEqual(template.state, "error")
            self.assertIn(reason, template.error_message)
            self.assertFalse(template.move_ids)
            self.assertFalse(template.period_ids)
            self.assertEqual(self._todo(template).user_id, self.user)
        # a second run changes nothing and does not pile up activities
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(len(self._todo(archived_product)), 1)
        self.assertEqual(len(templates.move_ids), 2)
        # fixed -> retried on the next run, back to running, activity done
        self.product_old.active = True
        self.env["crm.recurring.template"]._cron_generate()
        self.assertEqual(archived_product.state, "running")
        self.assertFalse(archived_product.error_message)
        self.assertFalse(self._todo(archived_product))
        self.assertEqual(len(archived_product.move_ids), 2)
        self.assertEqual(archived_customer.state, "error")

    @freeze_time("2026-02-10")
    def test_failure_inside_accounting_is_isolated(self):
        """Posting refuses a negative invoice: that template rolls back alone, the batch goes on."""
        good = self.make_template(name="Good", partners=self.customer_3, after_generation="post")
        negative = self.make_template(
            name="Negative",
            partners=self.customer_en,
            after_generation="post",
            lines=[{"product_id": self.product_a.id, "name": "Credit", "price_unit": -100}],
        )
        moves = (good | negative)._generate_due()
        self.assertEqual(moves, good.move_ids)
        self.assertEqual(len(moves), 2)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(negative.state, "error")
        self.assertIn("negative", negative.error_message)
        self.assertFalse(self.env["account.move"].search([("recurring_template_id", "=", negative.id)]))
        self.assertFalse(negative.period_ids)
        negative.line_ids.price_unit = 100
        self.assertEqual(len(negative._generate_due()), 2)
        self.assertEqual(negative.state, "running")

    @freeze_time("2026-02-10")
    def test_missing_email_when_sending(self):
        customer = self.env["res.partner"].create({"name": "No mail"})
        template = self.make_template(partners=customer, after_generation="send")
        self.assertFalse(template._generate_due())
        self.assertEqual(template.state, "error")
        self.assertIn("no e-mail", template.error_message)
