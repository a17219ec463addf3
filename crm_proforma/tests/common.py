"""Shared set-up of the crm_proforma tests."""

import subprocess
import tempfile

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import new_test_user


def pdf_text(pdf):
    """Text of a PDF (bytes) through poppler's pdftotext, to check what a printed report says.

    Shared with crm_offers, whose offers print through the same wkhtmltopdf path.
    """
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf_file.name, "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout


class ProformaMixin:
    """A company with the generic chart, a customer, two products with taxes, and an invoicing user.

    Tests act as ``cls.invoice_user``, who only has Invoicing (account.group_account_invoice)
    rights: the least-privileged user who makes pro formas; ``cls.admin_env`` is the
    superuser environment of the set-up, for reading configuration.
    """

    with_second_company = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        companies = cls.company
        if cls.with_second_company:
            cls.company_data_2 = cls.setup_other_company(name="Druga Firma")
            companies |= cls.company_data_2["company"]
        cls.invoice_user = new_test_user(
            cls.env,
            login="pf_invoicer",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(companies.ids)],
            email="pf_invoicer@example.com",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Klient Sp. z o.o.", "email": "klient@example.com"})
        cls.tax = cls.company_data["default_tax_sale"]
        cls.analytic_plan = cls.env["account.analytic.plan"].create({"name": "Projects"})
        cls.analytic_account = cls.env["account.analytic.account"].create(
            {"name": "Project A", "plan_id": cls.analytic_plan.id, "company_id": cls.company.id}
        )
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.fiscal_position = cls.env["account.fiscal.position"].create(
            {"name": "Domestic", "company_id": cls.company.id}
        )
        cls.eur = cls.setup_other_currency("EUR")
        cls.admin_env = cls.env
        cls.env = cls.env(user=cls.invoice_user, context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

    def _proforma_vals(self, **overrides):
        vals = {
            "partner_id": self.customer.id,
            "invoice_payment_term_id": self.payment_term.id,
            "fiscal_position_id": self.fiscal_position.id,
            "narration": "Thank you",
            "invoice_line_ids": [
                Command.create({"display_type": "line_section", "name": "Services"}),
                Command.create(
                    {
                        "product_id": self.product_a.id,
                        "quantity": 2,
                        "price_unit": 100.0,
                        "discount": 10.0,
                        "tax_ids": [Command.set(self.tax.ids)],
                        "analytic_distribution": {str(self.analytic_account.id): 100},
                    }
                ),
                Command.create(
                    {
                        "product_id": self.product_b.id,
                        "quantity": 1,
                        "price_unit": 50.0,
                        "tax_ids": [Command.set(self.tax.ids)],
                    }
                ),
            ],
        }
        vals.update(overrides)
        return vals

    def _make_proforma(self, **overrides):
        return self.env["account.move"].create_proforma([self._proforma_vals(**overrides)])


class ProformaCommon(ProformaMixin, AccountTestInvoicingCommon):
    """Pro forma set-up in a TransactionCase."""
