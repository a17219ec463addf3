import string

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PLACEHOLDERS = ("period_month", "period_year", "period_start", "period_end")


class CrmRecurringTemplateLine(models.Model):
    """One line of a template, copied onto every generated invoice.

    The description may hold period placeholders (``{period_month}``, ``{period_year}``,
    ``{period_start}``, ``{period_end}``) rendered in the customer's language at generation.
    """

    _name = "crm.recurring.template.line"
    _inherit = ["crm.recurring.checked.mixin"]  # noqa: RUF012
    _description = "Recurring Invoice Template Line"
    _order = "template_id, sequence, id"
    _check_company_auto = True

    template_id = fields.Many2one("crm.recurring.template", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", check_company=True, ondelete="restrict")
    name = fields.Text(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        help="May use {period_month}, {period_year}, {period_start} and {period_end}.",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    price_mode = fields.Selection(
        [("fixed", "Fixed price"), ("pricelist", "Price from pricelist at generation")],
        default="fixed",
        required=True,
    )
    price_unit = fields.Float(
        string="Unit Price", digits="Product Price", compute="_compute_price_unit", store=True, readonly=False
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    analytic_distribution = fields.Json()
    analytic_precision = fields.Integer(
        default=lambda self: self.env["decimal.precision"].precision_get("Percentage Analytic")
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id and not line.name:
                line.name = line.product_id.get_product_multiline_description_sale()

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.product_id:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id")
    def _compute_tax_ids(self):
        for line in self:
            if line.product_id:
                company = line.template_id.company_id or self.env.company
                line.tax_ids = line.product_id.taxes_id.filtered_domain(
                    self.env["account.tax"]._check_company_domain(company)
                )

    @api.constrains("name")
    def _check_placeholders(self):
        for line in self:
            try:
                parsed = [(f, spec, conv) for _text, f, spec, conv in string.Formatter().parse(line.name or "")]
            except ValueError as error:
                raise ValidationError(
                    _("The description %(text)r is not valid: %(error)s", text=line.name[:200], error=error)
                ) from error
            fields_used = [f for f, _spec, _conv in parsed if f is not None]
            if any(spec or conv for f, spec, conv in parsed if f is not None):
                # "{period_month:>99999999}" would render a huge text at generation
                raise ValidationError(
                    _(
                        "Write the placeholders of the description %(text)r without a format, e.g. {period_month}.",
                        text=line.name[:200],
                    )
                )
            unknown = [f for f in fields_used if f not in PLACEHOLDERS]
            if unknown:
                raise ValidationError(
                    _(
                        "Unknown placeholder {%(name)s} in the description %(text)r. Use %(known)s.",
                        name=unknown[0],
                        text=line.name[:200],
                        known=", ".join("{%s}" % p for p in PLACEHOLDERS),
                    )
                )

    @api.constrains("quantity", "discount")
    def _check_amounts(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(_("The quantity of a template line must be positive."))
            if not 0 <= line.discount <= 100:
                raise ValidationError(_("The discount must be between 0 and 100%."))
