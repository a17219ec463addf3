from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

OFFER_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("converted", "Converted"),
    ("revised", "Revised"),
]

# Business fields that a revised (superseded) offer must keep as they were.
REVISION_FROZEN_FIELDS = {
    "order_line",
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "pricelist_id",
    "payment_term_id",
    "validity_date",
    "date_order",
    "note",
    "client_order_ref",
    "offer_customer_reference",
    "offer_promotion",
    "offer_company_note",
    "offer_product_note",
    "offer_template_id",
}


class SaleOrder(models.Model):
    """A commercial offer (Optima's "Oferta Handlowa") is a quotation flagged ``is_offer``.

    It keeps its own number and life cycle (``offer_state``) beside the order's ``state``, so
    a confirmed order still shows the offer it came from.
    """

    _name = "sale.order"
    _inherit = [  # noqa: RUF012
        "sale.order",
        "crm.offer.conversion.mixin",
        "crm.offer.revision.mixin",
        "crm.offer.reporting.mixin",
    ]

    is_offer = fields.Boolean(string="Offer", copy=True, index=True, readonly=True)
    offer_number = fields.Char(copy=False, readonly=True, index="trigram", tracking=True)
    offer_state = fields.Selection(OFFER_STATES, default="draft", copy=False, tracking=True, index=True, readonly=True)
    offer_was_sent = fields.Boolean(copy=False, readonly=True, help="The offer reached the customer once.")
    offer_customer_reference = fields.Char(
        string="Customer References", help="References of the customer: inquiry number, contact, tender..."
    )
    offer_promotion = fields.Text(string="Promotions", help="Promotion or special conditions granted in this offer.")
    offer_company_note = fields.Html(string="About Our Company")
    offer_product_note = fields.Html(string="About the Products")
    offer_reject_reason = fields.Text(string="Rejection Reason", copy=False, readonly=True)
    offer_template_id = fields.Many2one(
        "crm.offer.template",
        string="Print Template",
        default=lambda self: self.env["crm.offer.template"]._get_default_template(),
        help="Layout used to print and send the offer.",
    )

    @api.depends("company_id", "is_offer")
    def _compute_validity_date(self):
        """Offers take their validity from the offer settings, not the quotation one."""
        offers = self.filtered("is_offer")
        today = fields.Date.context_today(self)
        for order in offers:
            days = order.company_id.offer_validity_days
            order.validity_date = today + timedelta(days) if days > 0 else False
        return super(SaleOrder, self - offers)._compute_validity_date()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            is_offer = vals.get("is_offer", self.env.context.get("default_is_offer"))
            if is_offer and not vals.get("offer_number"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["offer_number"] = self._next_offer_number(company, vals.get("date_order"))
        return super().create(vals_list)

    def write(self, vals):
        if REVISION_FROZEN_FIELDS & set(vals) and any(order.offer_state == "revised" for order in self):
            raise UserError(_("A revised offer is kept as it was; edit its latest revision instead."))
        return super().write(vals)

    @api.model
    def _next_offer_number(self, company, date=None):
        """Next ``OF/<year>/0001`` number of the company (one sequence per company, yearly)."""
        sequence_model = self.env["ir.sequence"].sudo()
        if not sequence_model.search([("code", "=", "crm.offer"), ("company_id", "=", company.id)], limit=1):
            sequence_model.create(
                {
                    "name": _("Offers of %(company)s", company=company.name),
                    "code": "crm.offer",
                    "company_id": company.id,
                    "prefix": "OF/%(range_year)s/",
                    "padding": 4,
                    "use_date_range": True,
                }
            )
        date = fields.Datetime.to_datetime(date) or fields.Datetime.now()
        return sequence_model.with_company(company).with_context(ir_sequence_date=date).next_by_code("crm.offer")

    @api.depends("offer_number", "is_offer")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for order in self.filtered(lambda o: o.is_offer and o.offer_number):
            order.display_name = f"{order.offer_number} ({order.name})"
        return res

    # ------------------------------------------------------------------ actions

    def action_offer_print(self):
        return self._offer_print_wizard_action("print")

    def action_offer_send(self):
        self._check_offer_has_lines(_("sent"))
        return self._offer_print_wizard_action("send")

    def _offer_print_wizard_action(self, mode):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Print Offer") if mode == "print" else _("Send Offer"),
            "res_model": "crm.offer.print.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id, "default_mode": mode},
        }

    def action_offer_accept(self):
        self._check_offer_state(("draft", "sent"), _("accepted"))
        self.write({"offer_state": "accepted"})
        return True

    def action_offer_reject(self):
        self.ensure_one()
        self._check_offer_state(("draft", "sent", "accepted"), _("rejected"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Offer"),
            "res_model": "crm.offer.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_offer_reset_draft(self):
        self._check_offer_state(("rejected", "expired"), _("reset to draft"))
        self.write({"offer_state": "draft", "offer_reject_reason": False})
        return True

    # ------------------------------------------------------------------ business

    def _offer_reject(self, reason):
        """Reject with the customer's reason, kept on the offer and in its chatter."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason why the customer rejected the offer."))
        self._check_offer_state(("draft", "sent", "accepted"), _("rejected"))
        self.write({"offer_state": "rejected", "offer_reject_reason": reason})
        for order in self:
            order.message_post(body=_("Offer rejected: %(reason)s", reason=reason))

    def _offer_mark_sent(self):
        self._check_offer_has_lines(_("sent"))
        self.filtered(lambda o: o.offer_state == "draft").write({"offer_state": "sent"})
        self.write({"offer_was_sent": True})

    def _check_offer_has_lines(self, what):
        for order in self:
            if not order.order_line.filtered(lambda line: not line.display_type):
                raise UserError(
                    _("The offer %(offer)s has no lines and cannot be %(what)s.", offer=order.display_name, what=what)
                )

    def _check_offer_state(self, allowed, what):
        labels = dict(self._fields["offer_state"]._description_selection(self.env))
        for order in self:
            if not order.is_offer:
                raise UserError(_("%(order)s is not an offer.", order=order.display_name))
            if order.offer_state not in allowed:
                raise UserError(
                    _(
                        "The offer %(offer)s is %(state)s and cannot be %(what)s.",
                        offer=order.display_name,
                        state=labels[order.offer_state].lower(),
                        what=what,
                    )
                )

    def _offer_send_composer_action(self):
        """The mail composer with the offer's mail template; its report attaches the print
        made with the offer's print template, and posting marks the offer sent."""
        self.ensure_one()
        self._check_offer_has_lines(_("sent"))
        template = self.env.ref("crm_offers.mail_template_offer", raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Offer"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "mark_offer_as_sent": True,
                "force_email": True,
            },
        }

    def _prepare_invoice(self):
        """Every invoice (and pro forma) of an offer points back to it."""
        vals = super()._prepare_invoice()
        if self.is_offer:
            vals["offer_id"] = self.id
        return vals

    def mail_allowed_qweb_expressions(self):
        """Offer placeholders usable in custom print templates by users who are not
        template editors (plain field values, no code)."""
        return super().mail_allowed_qweb_expressions() + (
            "object.offer_number",
            "object.validity_date",
            "object.date_order",
            "object.amount_untaxed",
            "object.amount_total",
            "object.offer_customer_reference",
            "object.client_order_ref",
            "object.offer_promotion",
            "object.company_id.name",
            "object.partner_id.email",
            "object.user_id.email",
        )

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if self.env.context.get("mark_offer_as_sent"):
            self.filtered("is_offer")._offer_mark_sent()
        return super().message_post(**kwargs)
