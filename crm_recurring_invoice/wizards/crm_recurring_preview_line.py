from odoo import fields, models


class CrmRecurringPreviewLine(models.TransientModel):
    """One invoice the forecast expects: customer, period, invoice date and amounts."""

    _name = "crm.recurring.preview.line"
    _description = "Recurring Invoices Forecast Line"
    _order = "invoice_date, id"

    wizard_id = fields.Many2one("crm.recurring.preview", required=True, ondelete="cascade")
    template_id = fields.Many2one("crm.recurring.template", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    invoice_date = fields.Date(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    error = fields.Char(string="Problem", readonly=True)
