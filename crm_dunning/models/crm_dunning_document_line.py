from odoo import fields, models


class CrmDunningDocumentLine(models.Model):
    """One invoice (or, on a balance confirmation, one journal entry with a receivable item) on a
    dunning document, as it stood on the document's date: its amounts in the company currency
    (``amount_*``, ``interest_amount``, ``compensation_amount``: the document's totals, reports
    and thresholds) and in its own currency (``*_currency``: what the customer reads)."""

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
    move_currency_id = fields.Many2one("res.currency", string="Invoice Currency")
    amount_total_currency = fields.Monetary(string="Invoice Amount in Currency", currency_field="move_currency_id")
    amount_residual_currency = fields.Monetary(string="Amount Due in Currency", currency_field="move_currency_id")
    interest_amount_currency = fields.Monetary(string="Interest in Currency", currency_field="move_currency_id")
    compensation_amount_currency = fields.Monetary(
        string="Recovery Costs in Currency", currency_field="move_currency_id"
    )
    interest_date_from = fields.Date(string="Interest From", help="First day of interest charged on this document.")
    interest_date_to = fields.Date(
        string="Interest To",
        index="btree_not_null",
        help="Last day of interest charged on this document: its date, or the payment day when the invoice was "
        "paid before. A later interest note charges the days after it.",
    )
