"""Suggest templates: customers billed with the same lines in at least 3 months of 13."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestSuggest(RecurringCommon):
    def _invoice(self, partner, day, quantity=1, price=100):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product_a.id, "quantity": quantity, "price_unit": price}),
                    Command.create({"product_id": self.product_b.id, "quantity": 2, "price_unit": 10}),
                ],
            }
        )
        move.action_post()
        return move

    @freeze_time("2026-06-20")
    def test_suggest_and_create_template(self):
        regular = self.env["res.partner"].create({"name": "Regular customer"})
        occasional = self.env["res.partner"].create({"name": "Occasional customer"})
        for day, price in (("2026-03-05", 100), ("2026-04-05", 100), ("2026-05-05", 110)):
            self._invoice(regular, day, price=price)  # a price change is still "nearly the same"
        self._invoice(regular, "2024-01-05")  # older than 13 months
        self._invoice(occasional, "2026-03-05")
        self._invoice(occasional, "2026-04-05", quantity=5)  # other lines
        self._invoice(occasional, "2026-05-05")
        self.make_template(partners=self.customer_en)
        self._invoice(self.customer_en, "2026-03-05")
        self._invoice(self.customer_en, "2026-04-05")
        self._invoice(self.customer_en, "2026-05-05")  # already on a template

        wizard = self.env["crm.recurring.suggest"].with_user(self.user).create({})
        self.assertEqual(wizard.line_ids.partner_id, regular)
        self.assertEqual(wizard.line_ids.month_count, 3)
        action = wizard.line_ids.action_create_template()
        template = self.env["crm.recurring.template"].browse(action["res_id"])
        self.assertEqual(template.state, "draft")
        self.assertEqual(template.partner_ids.partner_id, regular)
        self.assertEqual(template.line_ids.product_id, self.product_a | self.product_b)
        self.assertEqual(template.line_ids[0].price_unit, 110)
        self.assertEqual(str(template.date_start), "2026-06-05")
        template.action_start()
        self.assertEqual(str(template.next_invoice_date), "2026-06-05")
        wizard.action_refresh()
        self.assertFalse(wizard.line_ids, "a customer on a template is not suggested again")
