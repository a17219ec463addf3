from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .recurrence import unbilled


class CrmRecurringTemplatePartner(models.Model):
    """A customer of a template (Optima's "Podmioty" tab): its own dates and optional overrides.

    ``next_invoice_date`` is the invoice date of the first period of this customer that is not in
    the ledger yet; it drives the template's "next generation" date and the due-templates search.
    """

    _name = "crm.recurring.template.partner"
    _inherit = ["crm.recurring.checked.mixin"]  # noqa: RUF012
    _description = "Recurring Invoice Template Customer"
    _order = "template_id, sequence, id"
    _check_company_auto = True

    template_id = fields.Many2one("crm.recurring.template", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, check_company=True, index=True)
    quantity = fields.Float(
        string="Quantity Override",
        digits="Product Unit of Measure",
        help="When set, replaces the quantity of every template line for this customer.",
    )
    price_override = fields.Boolean(help="Use this customer's own unit price on every template line.")
    price_unit = fields.Float(string="Own Unit Price", digits="Product Price")
    date_start = fields.Date(string="Start", help="First day invoiced for this customer (default: the template's).")
    date_end = fields.Date(string="End", help="Last day invoiced for this customer.")
    period_ids = fields.One2many("crm.recurring.period", "template_partner_id", readonly=True)
    next_invoice_date = fields.Date(compute="_compute_next_invoice_date", store=True)

    @api.depends(
        "date_start",
        "date_end",
        "period_ids",
        "template_id.date_start",
        "template_id.date_end",
        "template_id.end_type",
        "template_id.occurrences",
        "template_id.interval_number",
        "template_id.interval_unit",
        "template_id.day_mode",
        "template_id.day_of_month",
        "template_id.invoicing_mode",
        "template_id.short_period",
    )
    def _compute_next_invoice_date(self):
        for row in self:
            row.next_invoice_date = row._next_period_date()

    def _next_period_date(self):
        """Invoice date of the first period not in the ledger, or False when all are done."""
        template = self.template_id
        if not template.date_start or template.interval_number < 1:
            return False
        billed = [(p.period_start, p.period_end) for p in self.period_ids]
        done = {start for start, _end in billed}
        try:
            recurrence = template._recurrence(self)
            if recurrence is None:
                return False
            # Bounded: the ledger's rows cover at most about as many periods as it holds.
            for period in recurrence.periods(limit=2 * len(done) + 2):
                if period.start not in done and unbilled(period, billed):
                    return period.invoice_date
        except (ValueError, OverflowError):
            return False  # invalid settings are refused by the template's constraints
        return False

    @api.constrains("quantity")
    def _check_quantity(self):
        for row in self:
            if row.quantity < 0:
                raise ValidationError(_("The quantity override cannot be negative."))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for row in self:
            if row.date_start and row.date_end and row.date_end < row.date_start:
                raise ValidationError(
                    _(
                        "Customer %(partner)s: the end date is before the start date.",
                        partner=row.partner_id.display_name,
                    )
                )
