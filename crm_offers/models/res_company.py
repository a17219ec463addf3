from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    offer_validity_days = fields.Integer(
        string="Offer Validity (days)",
        default=30,
        help="Days from the offer date to its validity date, for new offers.",
    )
    offer_reminder_days = fields.Integer(
        string="Offer Expiry Reminder (days)",
        default=3,
        help="The salesperson is reminded this many days before an offer expires.",
    )
    offer_post_invoice = fields.Boolean(
        string="Post Invoices Made from Offers",
        help="When set, 'Create Invoice' on an accepted offer posts the invoice at once.",
    )
