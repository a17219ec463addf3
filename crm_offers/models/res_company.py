import re

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

    def _offer_band_colors(self):
        """Colours of the modern offer print's title band: the company's primary colour, with
        black or white text, whichever reads better on it (WCAG relative luminance).

        :return: dict with ``background`` and ``text`` as ``#rrggbb``.
        """
        self.ensure_one()
        background = (self.primary_color or "").strip()
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", background):
            background = "#375a7f"

        def channel(hex_pair):
            value = int(hex_pair, 16) / 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(background[i : i + 2]) for i in (1, 3, 5))
        luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        # contrast with white (1.05 / (L + 0.05)) against black ((L + 0.05) / 0.05)
        text = "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "#000000"
        return {"background": background, "text": text}
