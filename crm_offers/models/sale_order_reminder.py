from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.crm_reminders.models.reminder_time import to_local


class SaleOrder(models.Model):
    """Przypominacz source "Offers nearing expiry": the salesperson's open offers whose
    validity ends within their company's reminder days (Settings / Offers)."""

    _name = "sale.order"
    _inherit = ["sale.order", "crm.reminder.source.mixin"]  # noqa: RUF012
    _crm_reminder_index = ("user_id", "validity_date")

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        """The validity date is the deadline (a day); an offer expiring today or earlier is
        urgent."""
        today = to_local(now or fields.Datetime.now(), user.tz).date()
        rows = self._crm_reminder_rows(
            user,
            [
                ("is_offer", "=", True),
                ("user_id", "=", user.id),
                ("offer_state", "in", ("draft", "sent")),
                ("validity_date", "!=", False),
                ("validity_date", "<=", to_local(date_to, user.tz).date()),
            ],
            ["id", "offer_number", "partner_id", "validity_date", "company_id"],
            "validity_date, id",
            limit,
        )
        companies = self.env["res.company"].sudo().browse({row[4] for row in rows})
        reminder_days = {company.id: company.offer_reminder_days for company in companies}
        # The customer's name as the offer shows it, read once for all rows.
        partners = self.env["res.partner"].sudo().browse({row[2] for row in rows})
        partner_names = {partner.id: partner.display_name for partner in partners}
        return [
            {
                "res_id": id_,
                "title": self.env._(
                    "Offer %(number)s for %(partner)s expires", number=number, partner=partner_names[partner_id]
                ),
                "deadline": validity_date,
                "all_day": True,
                "urgency": "high" if validity_date <= today else "normal",
            }
            for id_, number, partner_id, validity_date, company_id in rows
            if validity_date - timedelta(days=reminder_days[company_id]) <= today
        ]
