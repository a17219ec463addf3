from datetime import timedelta

from odoo import api, fields, models, modules


class SaleOrder(models.Model):
    """Offer validity and expiry: the validity date counted from the offer date, the nightly
    run that marks offers past it expired."""

    # one file a job (issue 11), each extending sale.order
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("company_id", "is_offer", "date_order", "sale_order_template_id")
    def _compute_validity_date(self):
        """An offer is valid for the days of its quotation template when set, else the company's
        offer validity, counted from the offer date (as Odoo's quotations count the template's
        days). Confirmed or cancelled orders keep the validity they were accepted with."""
        offers = self.filtered("is_offer")
        for order in offers.filtered(lambda o: o.state in ("draft", "sent")):
            order.validity_date = order._get_offer_validity_date()
        return super(SaleOrder, self - offers)._compute_validity_date()

    def _get_offer_validity_date(self, start=None):
        """Validity date of the offer counted from ``start`` (a date; default the offer date in
        the user's time zone), or False when no validity is set."""
        self.ensure_one()
        if start is None:
            order_date = self.date_order or fields.Datetime.now()
            start = fields.Datetime.context_timestamp(self, order_date).date()
        days = self.sale_order_template_id.number_of_days or self.company_id.offer_validity_days
        return start + timedelta(days) if days > 0 else False

    @api.model
    def _cron_expire_offers(self, batch_size=500):
        """Mark draft and sent offers whose validity date has passed as expired.

        Works in batches, committing each outside tests, so a killed run resumes where it
        stopped: expired offers no longer match the domain.
        """
        today = fields.Date.context_today(self)
        # all companies: the cron is one job for the whole database
        offers = self.sudo().search(
            [("is_offer", "=", True), ("offer_state", "in", ("draft", "sent")), ("validity_date", "<", today)],
            order="id",
        )
        done = 0
        for start in range(0, len(offers), batch_size):
            batch = offers[start : start + batch_size]
            batch.write({"offer_state": "expired"})
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(offers) - done)
            if not modules.module.current_test:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return offers
