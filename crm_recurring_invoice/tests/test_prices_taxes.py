"""Issue 9, cases 3-4: a generated invoice carries what a user gets by typing the same invoice
by hand: prices converted into the invoice currency at the invoice date, the fiscal position
Odoo finds (the customer's, else auto-applied), taxes and accounts mapped by it."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from .common import RecurringCommon


@tagged("post_install", "-at_install")
class TestPricesAndTaxes(RecurringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 0.25), ("2026-02-01", 0.2)])
        company = cls.company_data["company"]
        cls.tax_zero = cls.env["account.tax"].create(
            {"name": "0% export", "amount": 0, "type_tax_use": "sale", "company_id": company.id}
        )
        cls.tax_included = cls.env["account.tax"].create(
            {
                "name": "23% included",
                "amount": 23,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": company.id,
            }
        )
        cls.tax_own = cls.env["account.tax"].create(
            {"name": "8% reduced", "amount": 8, "type_tax_use": "sale", "company_id": company.id}
        )
        cls.export_account = cls.copy_account(cls.company_data["default_account_revenue"])
        cls.product_included = cls._create_product(
            name="Licence (price with VAT)", lst_price=123.0, taxes_id=[Command.set(cls.tax_included.ids)]
        )
        mapping = {
            "tax_ids": [
                Command.create({"tax_src_id": cls.tax_sale_a.id, "tax_dest_id": cls.tax_zero.id}),
                Command.create({"tax_src_id": cls.tax_included.id, "tax_dest_id": cls.tax_zero.id}),
            ],
            "account_ids": [
                Command.create(
                    {
                        "account_src_id": cls.company_data["default_account_revenue"].id,
                        "account_dest_id": cls.export_account.id,
                    }
                )
            ],
        }
        germany = cls.env.ref("base.de")
        cls.fp_germany = cls.env["account.fiscal.position"].create(
            {"name": "Germany (auto)", "auto_apply": True, "country_id": germany.id, **mapping}
        )
        cls.fp_partner = cls.env["account.fiscal.position"].create({"name": "Export (partner's own)", **mapping})
        Partner = cls.env["res.partner"]
        cls.customer_de = Partner.create({"name": "Müller GmbH", "country_id": germany.id, "lang": "en_US"})
        cls.customer_own_fp = Partner.create(
            {"name": "Export Ltd", "property_account_position_id": cls.fp_partner.id, "lang": "en_US"}
        )
        cls.customer_home = Partner.create({"name": "Home Inc", "country_id": cls.env.ref("base.us").id})

    # ------------------------------------------------------------------ case 3: currencies

    def test_case_3_pricelist_in_another_currency_converted_at_invoice_date(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "EUR list",
                "currency_id": self.eur.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.product_a.id,
                            "compute_price": "fixed",
                            "fixed_price": 300,
                        }
                    )
                ],
            }
        )
        self.customer_en.property_product_pricelist = pricelist
        lines = [{"product_id": self.product_a.id, "name": "Hosting", "price_mode": "pricelist", "tax_ids": []}]
        usd = self.make_template(partners=self.customer_en, lines=lines, name="USD")
        eur = self.make_template(partners=self.customer_en, lines=lines, name="EUR", currency_id=self.eur.id)
        with freeze_time("2026-02-10"):
            usd_moves = usd._generate_due().sorted("invoice_date")
            eur_moves = eur._generate_due().sorted("invoice_date")
        # 1 EUR = 4 USD in January, 5 USD from February
        self.assertEqual(usd_moves.mapped("currency_id"), self.company_data["currency"])
        self.assertEqual(usd_moves.invoice_line_ids.mapped("price_unit"), [1200.0, 1500.0])
        self.assertEqual(usd_moves.mapped("amount_total"), [1200.0, 1500.0])
        # the pricelist's own currency: no conversion
        self.assertEqual(eur_moves.invoice_line_ids.mapped("price_unit"), [300.0, 300.0])

    def test_case_3_product_price_converted_without_pricelist(self):
        """No pricelist: the product's sales price (1,000 USD) into a EUR template."""
        self.customer_en.property_product_pricelist = False
        template = self.make_template(
            partners=self.customer_en,
            currency_id=self.eur.id,
            lines=[{"product_id": self.product_a.id, "name": "Hosting", "price_mode": "pricelist", "tax_ids": []}],
        )
        with freeze_time("2026-02-10"):
            moves = template._generate_due().sorted("invoice_date")
        self.assertEqual(moves.invoice_line_ids.mapped("price_unit"), [250.0, 200.0])

    # ------------------------------------------------------------------ case 4: taxes

    def _by_hand(self, partner, line, invoice_date="2026-01-01"):
        """The same invoice typed in the form by the billing user."""
        form = Form(self.env["account.move"].with_user(self.user).with_context(default_move_type="out_invoice"))
        form.partner_id = partner
        form.invoice_date = invoice_date
        with form.invoice_line_ids.new() as new:
            new.product_id = line["product_id"]
            new.quantity = line.get("quantity", 1)
            if "tax_ids" in line:
                new.tax_ids.clear()
                for tax in line["tax_ids"]:
                    new.tax_ids.add(tax)
        return form.save()

    def _by_template(self, partner, line):
        values = {
            "product_id": line["product_id"].id,
            "name": line["product_id"].name,
            "quantity": line.get("quantity", 1),
        }
        if "tax_ids" in line:
            values["tax_ids"] = [Command.set(line["tax_ids"].ids)]
        template = self.make_template(
            partners=partner, lines=[values], name=f"{partner.name} {line['product_id'].name}"
        )
        with freeze_time("2026-01-10"):
            return template._generate_due()

    def _compare(self, partner, line, expected_fp, expected_taxes, expected_total):
        hand = self._by_hand(partner, line)
        generated = self._by_template(partner, line)
        self.assertEqual(len(generated), 1)
        self.assertEqual(generated.invoice_date, date(2026, 1, 1))
        for move in (hand, generated):
            self.assertEqual(move.fiscal_position_id, expected_fp)
            self.assertEqual(move.invoice_line_ids.tax_ids, expected_taxes)
            self.assertAlmostEqual(move.amount_total, expected_total)
        self.assertEqual(generated.invoice_line_ids.account_id, hand.invoice_line_ids.account_id)
        self.assertEqual(generated.invoice_line_ids.price_unit, hand.invoice_line_ids.price_unit)
        self.assertEqual(
            (generated.amount_untaxed, generated.amount_tax, generated.amount_total),
            (hand.amount_untaxed, hand.amount_tax, hand.amount_total),
        )
        self.assertEqual(
            sorted(generated.line_ids.mapped(lambda ln: (ln.account_id.id, ln.tax_line_id.id, ln.balance))),
            sorted(hand.line_ids.mapped(lambda ln: (ln.account_id.id, ln.tax_line_id.id, ln.balance))),
        )
        return generated

    def test_case_4_auto_applied_fiscal_position(self):
        """German customer, no position of their own; the company's auto-applied position for
        Germany maps 15% to 0%: 100.00 without tax, as by hand (not 15.00 tax)."""
        self.product_a.lst_price = 100
        move = self._compare(self.customer_de, {"product_id": self.product_a}, self.fp_germany, self.tax_zero, 100.0)
        self.assertEqual(move.amount_tax, 0.0)
        self.assertEqual(move.invoice_line_ids.account_id, self.export_account)

    def test_case_4_partner_fiscal_position(self):
        self.product_a.lst_price = 100
        self._compare(self.customer_own_fp, {"product_id": self.product_a}, self.fp_partner, self.tax_zero, 100.0)

    def test_case_4_no_fiscal_position(self):
        self.product_a.lst_price = 100
        self._compare(
            self.customer_home,
            {"product_id": self.product_a},
            self.env["account.fiscal.position"],
            self.tax_sale_a,
            115.0,
        )

    def test_case_4_line_with_its_own_taxes(self):
        self.product_a.lst_price = 100
        self._compare(
            self.customer_home,
            {"product_id": self.product_a, "tax_ids": self.tax_own},
            self.env["account.fiscal.position"],
            self.tax_own,
            108.0,
        )

    def test_case_4_price_included_taxes(self):
        """123.00 with 23% included: 100 + 23 at home; mapped to 0% for Germany, the included
        tax leaves the price (100.00), as on a hand-made invoice."""
        self._compare(
            self.customer_home,
            {"product_id": self.product_included, "quantity": 2},
            self.env["account.fiscal.position"],
            self.tax_included,
            246.0,
        )
        self._compare(
            self.customer_de,
            {"product_id": self.product_included, "quantity": 2},
            self.fp_germany,
            self.tax_zero,
            200.0,
        )

    def test_template_fiscal_position_wins(self):
        self.product_a.lst_price = 100
        template = self.make_template(
            partners=self.customer_de,
            fiscal_position_id=self.fp_partner.id,
            lines=[{"product_id": self.product_a.id, "name": "Hosting"}],
        )
        with freeze_time("2026-01-10"):
            move = template._generate_due()
        self.assertEqual(move.fiscal_position_id, self.fp_partner)
        self.assertEqual(move.invoice_line_ids.tax_ids, self.tax_zero)
