from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("offer_validity_days", "offer_reminder_days")
    def _check_offer_days(self):
        """Refuse values no offer could use (and that would overflow the date arithmetic)."""
        for company in self:
            if not 0 <= company.offer_validity_days <= 3650:
                raise ValidationError(_("The offer validity must be between 0 and 3650 days (0: no validity date)."))
            if not 0 <= company.offer_reminder_days <= 365:
                raise ValidationError(_("The offer expiry reminder must be between 0 and 365 days."))
