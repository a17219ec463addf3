from odoo import fields, models


class CrmDunningDocumentLine(models.Model):
    """One invoice on a dunning document, as it stood on the document's date."""

    _name = "crm.dunning.document.line"
    _description = "Dunning Document Line"
    _order = "document_id, sequence, id"

    document_id = fields.Many2one("crm.dunning.document", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="document_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="document_id.partner_id", store=True, index=True)
    state = fields.Selection(related="document_id.state", store=True)
    currency_id = fields.Many2one(related="document_id.currency_id")
    sequence = fields.Integer(default=10)
    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="restrict", index=True)
    invoice_date = fields.Date()
    date_due = fields.Date(string="Due Date")
    amount_total = fields.Monetary(string="Invoice Amount")
    amount_residual = fields.Monetary(string="Amount Due")
    days_late = fields.Integer()
    interest_amount = fields.Monetary(string="Interest")
    compensation_amount = fields.Monetary(string="Recovery Costs")
