from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.crm_reminders.models.input_checks import check_records, is_record_id

OFFER_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("converted", "Converted"),
    ("revised", "Revised"),
]

# State reached: the states an offer may reach it from. Every change of ``offer_state``
# is checked against this table (see ``_check_offer_transition``).
OFFER_TRANSITIONS = {
    "draft": ("rejected", "expired"),
    "sent": ("draft",),
    "accepted": ("draft", "sent"),
    "rejected": ("draft", "sent", "accepted"),
    "expired": ("draft", "sent"),
    "converted": ("accepted",),
    "revised": ("draft", "sent", "accepted", "rejected", "expired"),
}

# Fields the offer sets itself when it is created (number, revision links, the offer flag);
# a quotation is an offer from its creation or never (it would have no number).
OFFER_SYSTEM_FIELDS = {"is_offer", "offer_number", "revision_parent_id", "revision_number"}


class SaleOrder(models.Model):
    """A commercial offer (Optima's "Oferta Handlowa") is a quotation flagged ``is_offer``.

    It keeps its own number and life cycle (``offer_state``) beside the order's ``state``, so
    a confirmed order still shows the offer it came from. This file holds the offer's fields,
    its numbering and its states; the other jobs extend ``sale.order`` in their own files:
    sending (sale_order_sending.py), validity and expiry (sale_order_expiry.py), conversion
    (sale_order_conversion.py), revisions (sale_order_revision.py), reporting and export
    (sale_order_reporting.py).
    """

    _inherit = "sale.order"

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
        check_company=True,
        default=lambda self: self.env["crm.offer.template"]._get_default_template(),
        help="Layout used to print and send the offer.",
    )

    @api.constrains("offer_customer_reference", "offer_reject_reason", "offer_promotion")
    def _check_offer_text_sizes(self):
        """Keep the texts that print on the offer and travel in its chatter to sizes a person
        writes, so that a client cannot store megabytes through them."""
        limits = {
            "offer_customer_reference": 500,
            "offer_promotion": 10000,
            "offer_reject_reason": 10000,
        }
        for order in self:
            for field_name, limit in limits.items():
                if len(order[field_name] or "") > limit:
                    raise ValidationError(
                        _(
                            "%(field)s of %(offer)s is too long: %(size)s characters, at most %(limit)s.",
                            field=self._fields[field_name]._description_string(self.env),
                            offer=order.display_name,
                            size=len(order[field_name]),
                            limit=limit,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            is_offer = vals.get("is_offer", self.env.context.get("default_is_offer"))
            if is_offer and not vals.get("offer_number"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["offer_number"] = self._next_offer_number(company, vals.get("date_order"))
        return super().create(vals_list)

    def write(self, vals):
        turned = "is_offer" in vals and any(order.is_offer != bool(vals["is_offer"]) for order in self)
        if turned or (OFFER_SYSTEM_FIELDS & set(vals) and self.filtered("is_offer")):
            raise UserError(_("The number, revision links and offer flag are set by the offer itself."))
        if "offer_state" in vals:
            target = vals["offer_state"]
            if not isinstance(target, str) or target not in OFFER_TRANSITIONS:
                raise UserError(_("%(state)s is not a state of an offer.", state=target))
            changing = self.filtered(lambda o: o.offer_state != target)
            changing._check_offer_transition(target, reason=vals.get("offer_reject_reason"))
            changing._check_offer_made_by_its_action(target)
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

    def action_offer_accept(self):
        self._check_offer_transition("accepted")
        self.write({"offer_state": "accepted"})
        return True

    def action_offer_reject(self):
        self._offer_ensure_one()
        self._check_offer_transition("rejected", reason="-")
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Offer"),
            "res_model": "crm.offer.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_offer_reset_draft(self):
        """Back to draft; an expired offer gets a fresh validity counted from today, else the
        next nightly run would expire it again."""
        self._check_offer_transition("draft")
        today = fields.Date.context_today(self)
        for order in self:
            vals = {"offer_state": "draft", "offer_reject_reason": False}
            if order.validity_date and order.validity_date < today:
                vals["validity_date"] = order._get_offer_validity_date(today)
            order.write(vals)
        return True

    # ------------------------------------------------------------------ states

    def _offer_transition_labels(self):
        """What each reachable state is called in the refusals: "cannot be <label>"."""
        return {
            "sent": _("sent"),
            "accepted": _("accepted"),
            "rejected": _("rejected"),
            "converted": _("converted"),
            "revised": _("revised"),
            "expired": _("expired"),
            "draft": _("reset to draft"),
        }

    def _check_offer_transition(self, target, also_from=(), reason=None):
        """Refuse, with the reason, to bring the offers of ``self`` to state ``target``.

        The single place that says which state changes an offer allows and on what
        conditions: the buttons, the wizards, the scheduled action and a plain ``write``
        of ``offer_state`` over RPC all pass here.

        :param target: the ``offer_state`` to reach.
        :param also_from: states from which the action is allowed without changing the state
            (sending an offer that was sent or accepted already).
        :param reason: the rejection reason about to be written (for ``rejected``).
        :raise UserError: naming the offer and what stops it.
        """
        what = self._offer_transition_labels()[target]
        allowed = OFFER_TRANSITIONS[target] + tuple(also_from)
        labels = dict(self._fields["offer_state"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        for order in self:
            if not order.is_offer:
                raise UserError(_("%(order)s is not an offer.", order=order.display_name))
            if order.offer_state not in allowed:
                if target == "converted" and order.offer_state in ("expired", "rejected"):
                    raise UserError(
                        _(
                            "The offer %(offer)s is %(state)s: it cannot be converted. "
                            "Reset it to draft, check the prices and validity, and send it again.",
                            offer=order.display_name,
                            state=labels[order.offer_state].lower(),
                        )
                    )
                raise UserError(
                    _(
                        "The offer %(offer)s is %(state)s and cannot be %(what)s.",
                        offer=order.display_name,
                        state=labels[order.offer_state].lower(),
                        what=what,
                    )
                )
            if target in ("sent", "accepted", "converted") and not order.order_line.filtered(
                lambda line: not line.display_type
            ):
                raise UserError(
                    _("The offer %(offer)s has no lines and cannot be %(what)s.", offer=order.display_name, what=what)
                )
            if target == "rejected" and not (reason or order.offer_reject_reason or "").strip():
                raise UserError(_("Give the reason why the customer rejected the offer."))
            if target == "expired" and not (order.validity_date and order.validity_date < today):
                raise UserError(
                    _(
                        "The offer %(offer)s is valid until %(date)s and cannot be expired before.",
                        offer=order.display_name,
                        date=order.validity_date or _("further notice"),
                    )
                )

    def _check_offer_made_by_its_action(self, target):
        """``converted`` and ``revised`` are the result of making a document or a revision,
        never a state one may write alone."""
        for order in self:
            if target == "converted" and not (order.offer_move_ids or order.invoice_ids):
                raise UserError(
                    _(
                        "The offer %(offer)s becomes converted when its pro forma or invoice is made: "
                        "use Create Pro Forma or Create Invoice.",
                        offer=order.display_name,
                    )
                )
            if target == "revised" and not order.revision_ids:
                raise UserError(
                    _(
                        "The offer %(offer)s becomes revised when its new revision is made: use New Revision.",
                        offer=order.display_name,
                    )
                )

    def _offer_ensure_one(self):
        """``ensure_one`` for actions a client may call with several ids or none over RPC:
        a message for people instead of a ValueError."""
        check_records(self, single=True, label=_("offer"))

    @api.model
    def _check_offer_wizard_target(self, order_id):
        """The offer a wizard (print, send, reject) is opened on must exist, be an offer and be
        one the user may change; anything else is refused with a clear message instead of a
        database error.

        :param order_id: the wizard's ``order_id`` as the client sent it.
        :raise UserError: not an id of an existing offer.
        :raise AccessError: an offer the user may not change (another salesperson's, another
            company's).
        """
        # anything but an id stays one "id" for check_records to name; nothing is no offer
        order = self.browse(order_id if is_record_id(order_id) else [order_id] if order_id else [])
        check_records(order, "write", single=True, label=_("offer"))
        if not order.is_offer:
            raise UserError(_("%(order)s is not an offer.", order=order.display_name))

    # ------------------------------------------------------------------ business

    def _offer_reject(self, reason):
        """Reject with the customer's reason, kept on the offer and in its chatter."""
        if not (reason or "").strip():
            raise UserError(_("Give the reason why the customer rejected the offer."))
        self._check_offer_transition("rejected", reason=reason)
        self.write({"offer_state": "rejected", "offer_reject_reason": reason})
        for order in self:
            order.message_post(body=_("Offer rejected: %(reason)s", reason=reason))
