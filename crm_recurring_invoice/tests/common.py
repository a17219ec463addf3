"""Shared set-up of the recurring invoice tests: a company with a chart, an invoicing user (the
least-privileged user the feature is for), customers in Polish and English, and a template maker."""

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class RecurringCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        company = cls.company_data["company"]
        company.partner_id.tz = "Europe/Warsaw"
        cls.user = new_test_user(
            cls.env,
            login="recurring_user",
            groups="account.group_account_invoice",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            email="recurring.user@example.com",
        )
        cls.journal = cls.company_data["default_journal_sale"]
        Partner = cls.env["res.partner"]
        cls.customer_pl = Partner.create({"name": "Kowalski sp. z o.o.", "lang": "pl_PL", "email": "biuro@kowalski.pl"})
        cls.customer_en = Partner.create({"name": "Smith Ltd", "lang": "en_US", "email": "ap@smith.example.com"})
        cls.customer_3 = Partner.create({"name": "Nowak S.A.", "lang": "pl_PL", "email": "faktury@nowak.pl"})
        cls.Template = cls.env["crm.recurring.template"].with_user(cls.user)

    def make_template(self, partners=None, start="2026-01-01", activate=True, lines=None, **vals):
        """A monthly template on day 1 with two lines (100 + 2 x 50, 15% tax) for ``partners``."""
        partners = self.customer_pl | self.customer_en if partners is None else partners
        if lines is None:
            lines = [
                {
                    "product_id": self.product_a.id,
                    "name": "Subscription {period_month} {period_year}",
                    "price_unit": 100,
                },
                {"product_id": self.product_b.id, "name": "Support", "quantity": 2, "price_unit": 50},
            ]
        values = {
            "name": "Subscription",
            "journal_id": self.journal.id,
            "date_start": start,
            "interval_unit": "month",
            "day_of_month": 1,
            "line_ids": [Command.create(line) for line in lines],
            "partner_ids": [Command.create({"partner_id": partner.id}) for partner in partners],
        }
        values.update(vals)
        template = self.Template.create(values)
        if activate:
            template.action_start()
        return template
