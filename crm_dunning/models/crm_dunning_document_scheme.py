from odoo import fields, models


class CrmDunningScheme(models.Model):
    """The scheme's options for the interest notes it issues."""

    _inherit = "crm.dunning.scheme"

    interest_note_book = fields.Boolean(
        string="Book Interest Notes as Invoices",
        help="An interest note of this scheme is also booked as a posted customer invoice of the "
        "interest product, so that the interest enters the receivables.",
    )
    interest_product_id = fields.Many2one(
        "product.product",
        string="Interest Product",
        domain="[('type', '=', 'service')]",
        check_company=True,
        help="The product of the booked interest invoices (its income account); default: Late-payment interest.",
    )
