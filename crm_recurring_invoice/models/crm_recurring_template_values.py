"""The values of generated invoices: what a hand-made invoice for the same customer, product and
date would carry (prices converted at the invoice date, the fiscal position Odoo finds, taxes,
accounts and price-included prices mapped by it, short periods prorated), in values only:
nothing here writes."""

from babel.dates import format_date as babel_format_date

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round, format_date


# the template is split by responsibility (house style): one file per job
class CrmRecurringTemplateValues(models.Model):
    _inherit = "crm.recurring.template"  # pylint: disable=consider-merging-classes-inherited

    def _render_description(self, text, period, lang, cache):
        """Fill the period placeholders of a line description in the customer's language."""
        if not text or "{" not in text:
            return text
        key = (text, period.start, period.end, lang)
        if key not in cache:
            locale = lang or "en_US"
            cache[key] = text.format(
                period_month=babel_format_date(period.start, "LLLL", locale=locale),
                period_year=period.start.year,
                period_start=format_date(self.env, period.start, lang_code=lang),
                period_end=format_date(self.env, period.end, lang_code=lang),
            )
        return cache[key]

    def _check_generable(self, row):
        """Refuse what would make a wrong or failing invoice, with a reason the user can fix."""
        template = self
        partner = row.partner_id
        if not partner.active:
            raise UserError(_("Customer %(partner)s is archived.", partner=partner.display_name))
        if not template.journal_id.active:
            raise UserError(_("Journal %(journal)s is archived.", journal=template.journal_id.display_name))
        for line in template.line_ids:
            product = line.product_id
            if product and not (product.active and product.product_tmpl_id.active):
                raise UserError(_("Product %(product)s is archived.", product=product.display_name))
            if product and not product.sale_ok:
                raise UserError(_("Product %(product)s can no longer be sold.", product=product.display_name))
            for tax in line.tax_ids:
                if not tax.active:
                    raise UserError(_("Tax %(tax)s is archived.", tax=tax.display_name))
                if tax.type_tax_use != "sale":
                    raise UserError(_("Tax %(tax)s is not a sales tax.", tax=tax.display_name))

    def _fiscal_position(self, partner, caches):
        """The fiscal position of a customer's invoice: the template's when set, else the one
        Odoo gives a hand-made invoice (the customer's own, else the auto-applied one that
        matches the delivery address)."""
        if self.fiscal_position_id:
            return self.fiscal_position_id
        cache = caches.setdefault("fiscal", {})
        key = (self.company_id.id, partner.id)
        if key not in cache:
            delivery = self.env["res.partner"].browse(partner.address_get(["delivery"])["delivery"])
            cache[key] = (
                self.env["account.fiscal.position"]
                .with_company(self.company_id)
                ._get_fiscal_position(partner, delivery=delivery)
            )
        return cache[key]

    def _base_price(self, line, row, period, caches):
        """The unit price before taxes are mapped, and its currency: the customer's own price,
        the template line's fixed price (both in the template's currency), or the price of the
        customer's pricelist (in the pricelist's currency) at the invoice date."""
        if row.price_override:
            return row.price_unit, self.currency_id
        if line.price_mode != "pricelist" or not line.product_id:
            return line.price_unit, self.currency_id
        product = line.product_id.with_company(self.company_id)
        pricelist = row.partner_id.with_company(self.company_id).property_product_pricelist
        if not pricelist:
            return product.lst_price, product.currency_id or self.company_id.currency_id
        quantity = row.quantity or line.quantity
        key = (pricelist.id, product.id, quantity, period.invoice_date)
        price_cache = caches.setdefault("price", {})
        if key not in price_cache:
            price_cache[key] = pricelist._get_product_price(product, quantity, date=period.invoice_date)
        return price_cache[key], pricelist.currency_id

    def _line_price(self, line, row, period, fiscal_position, caches):
        """The unit price of a template line on one customer's invoice for ``period``, as a
        hand-made invoice would carry it: converted into the template's currency at the invoice
        date, adapted when the fiscal position maps price-included taxes away, and prorated by
        days for a short period when the template says so."""
        price, currency = self._base_price(line, row, period, caches)
        company = self.company_id
        if line.product_id:
            price = line.product_id._get_tax_included_unit_price(
                company,
                self.currency_id,
                period.invoice_date,
                "sale",
                product_uom=line.product_id.uom_id,
                product_currency=currency,
                product_price_unit=price,
                product_taxes=line.tax_ids,
                fiscal_position=fiscal_position,
            )
        elif currency != self.currency_id:
            price = currency._convert(price, self.currency_id, company, period.invoice_date, round=False)
        if self.short_period == "prorate" and period.is_short:
            price *= period.ratio
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return float_round(price, precision_digits=digits)

    def _has_analytic_models(self, caches):
        """Whether analytic distribution models could apply to this company's invoice lines
        (then core computes each line's distribution; else there is nothing to compute)."""
        company_id = self.company_id.id
        cache = caches.setdefault("analytic", {})
        if company_id not in cache:
            cache[company_id] = bool(
                self.env["account.analytic.distribution.model"]
                .sudo()
                .search_count([("company_id", "in", [company_id, False])], limit=1)
            )
        return cache[company_id]

    def _prepare_invoice_vals(self, row, period, caches):
        """The ``account.move.create`` values of one period of one customer (values only)."""
        self.ensure_one()
        partner = row.partner_id
        lang = partner.lang or self.env.lang
        fiscal_position = self._fiscal_position(partner, caches)
        lines = []
        for line in self.line_ids:
            taxes = line.tax_ids
            if fiscal_position:
                taxes = fiscal_position.map_tax(taxes)
            line_vals = {
                "sequence": line.sequence,
                "name": self._render_description(line.name, period, lang, caches["text"]),
                "quantity": row.quantity or line.quantity,
                "price_unit": self._line_price(line, row, period, fiscal_position, caches),
                "discount": line.discount,
                "tax_ids": [fields.Command.set(taxes.ids)],
            }
            if line.product_id:
                line_vals["product_id"] = line.product_id.id
                line_vals["product_uom_id"] = line.product_id.uom_id.id
            if line.analytic_distribution:
                line_vals["analytic_distribution"] = line.analytic_distribution
            elif not self._has_analytic_models(caches):
                # what core's compute would find (nothing), given so it does not search the
                # distribution models once per line: most of a bare create's queries
                line_vals["analytic_distribution"] = False
            lines.append(fields.Command.create(line_vals))
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "journal_id": self.journal_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": period.invoice_date,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "recurring_template_id": self.id,
            "invoice_line_ids": lines,
        }
        if self.payment_term_id:
            vals["invoice_payment_term_id"] = self.payment_term_id.id
        elif not partner.with_company(self.company_id).property_payment_term_id:
            # without payment terms the invoice is due on its own date, as one typed by hand
            # with that date (core would make a caught-up invoice due on the day of the run)
            vals["invoice_date_due"] = period.invoice_date
        # given even when empty: core's compute would otherwise find a position on its own
        vals["fiscal_position_id"] = fiscal_position.id
        if self.narration:
            vals["narration"] = self.narration
        return vals
