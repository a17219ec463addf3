from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

# Fields a converted pro forma still accepts: its chatter, followers, activities, sending
# flags and its own pro forma bookkeeping. Everything that changes the document is refused.
PROFORMA_FROZEN_WRITABLE = {
    "proforma_state",
    "proforma_invoice_id",
    "is_move_sent",
    "access_token",
    "message_main_attachment_id",
}
PROFORMA_FROZEN_WRITABLE_PREFIXES = ("message_", "activity_", "website_message_")


class AccountMove(models.Model):
    _inherit = "account.move"

    is_proforma = fields.Boolean(
        string="Pro Forma",
        readonly=True,
        index=True,
        help="A pro forma is a customer invoice that is never posted: it has no accounting or VAT effect.",
    )
    proforma_state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("converted", "Converted"), ("cancel", "Cancelled")],
        string="Pro Forma Status",
        readonly=True,
        copy=False,
        tracking=True,
    )
    proforma_number = fields.Char(
        string="Pro Forma Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Number of the pro forma from its company's own sequence, e.g. PF/2026/0001.",
    )
    proforma_invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer invoice made from this pro forma.",
    )
    proforma_origin_id = fields.Many2one(
        "account.move",
        string="From Pro Forma",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The pro forma this invoice was made from.",
    )

    @api.depends("partner_id", "date", "state", "move_type", "is_proforma", "proforma_number")
    @api.depends_context("input_full_display_name")
    def _compute_display_name(self):
        return super()._compute_display_name()

    @api.depends("date", "auto_post", "is_proforma")
    def _compute_hide_post_button(self):
        """Pro formas have no Confirm/Post button: they never reach the books."""
        res = super()._compute_hide_post_button()
        self.filtered("is_proforma").hide_post_button = True
        return res

    @api.constrains("is_proforma", "move_type", "state")
    def _check_proforma(self):
        for move in self.filtered("is_proforma"):
            if move.move_type != "out_invoice":
                raise UserError(_("A pro forma can only be a customer invoice, not a %(type)s.", type=move.type_name))
            if move.state == "posted":
                raise UserError(_("Pro forma %(number)s cannot be posted.", number=move.proforma_number))

    @api.model_create_multi
    def create(self, vals_list):
        """Number pro formas from their company's sequence, whichever way they are created."""
        for vals in vals_list:
            if vals.get("is_proforma"):
                vals.setdefault("proforma_state", "draft")
                vals["auto_post"] = "no"
        moves = super().create(vals_list)
        for move in moves.filtered(lambda m: m.is_proforma and not m.proforma_number):
            move.proforma_number = move._next_proforma_number()
        return moves

    def write(self, vals):
        """Refuse changes to converted pro formas: the invoice made from them is the truth now."""
        frozen = self.filtered(lambda m: m.is_proforma and m.proforma_state == "converted")
        if frozen:
            changed = {
                fname
                for fname in vals
                if fname not in PROFORMA_FROZEN_WRITABLE and not fname.startswith(PROFORMA_FROZEN_WRITABLE_PREFIXES)
            }
            if changed:
                frozen._raise_proforma_frozen()
        if vals.get("is_proforma") is False and self.filtered("proforma_number"):
            raise UserError(_("A pro forma cannot be turned into an invoice by editing it: use Convert to Invoice."))
        return super().write(vals)

    def unlink(self):
        self.filtered(lambda m: m.is_proforma and m.proforma_state == "converted")._raise_proforma_frozen()
        return super().unlink()

    def _post(self, soft=True):
        """Refuse to post pro formas: they must never reach the books or the VAT registers."""
        proformas = self.filtered("is_proforma")
        if proformas:
            raise UserError(
                _(
                    "Pro forma %(numbers)s cannot be posted: a pro forma has no accounting effect. "
                    "Use Convert to Invoice to make the real invoice.",
                    numbers=", ".join(proformas.mapped("proforma_number")),
                )
            )
        return super()._post(soft=soft)

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        """Mark draft pro formas sent when they go out from the Send composer."""
        if self.env.context.get("mark_proforma_as_sent"):
            self.filtered(lambda m: m.is_proforma and m.proforma_state == "draft").write({"proforma_state": "sent"})
        return super().message_post(**kwargs)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """No "View Invoice" portal button in pro forma mails: the portal shows posted invoices,
        and a pro forma reaches the customer as the attached PDF."""
        groups = super()._notify_get_recipients_groups(message, model_description, msg_vals=msg_vals)
        if self and self.is_proforma:
            for _group_name, _group_filter, group_data in groups:
                group_data["has_button_access"] = False
        return groups

    def button_cancel(self):
        """Cancelling a pro forma cancels the document and its pro forma state together."""
        res = super().button_cancel()
        self.filtered("is_proforma").write({"proforma_state": "cancel"})
        return res

    def button_draft(self):
        """A cancelled pro forma reset to draft is a draft pro forma again."""
        res = super().button_draft()
        self.filtered(lambda m: m.is_proforma and m.proforma_state == "cancel").write({"proforma_state": "draft"})
        return res

    def action_proforma_send(self):
        """Open the mail composer with the pro forma's template and its PDF, like a quotation."""
        self._check_is_proforma()
        template = self.env.ref("crm_proforma.mail_template_proforma", raise_if_not_found=False)
        ctx = {
            "default_model": "account.move",
            "default_res_ids": self.ids,
            "default_template_id": template.id if template else False,
            "default_composition_mode": "comment" if len(self) == 1 else "mass_mail",
            "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
            "email_notification_allow_footer": True,
            "force_email": True,
            "mark_proforma_as_sent": True,
            "model_description": _("Pro Forma"),
        }
        return {
            "name": _("Send Pro Forma"),
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "view_id": False,
            "target": "new",
            "context": ctx,
        }

    def action_proforma_print(self):
        """Print the pro forma report (PRO FORMA title, not a VAT invoice)."""
        self._check_is_proforma()
        return self.env.ref("crm_proforma.action_report_proforma").report_action(self)

    def action_open_proforma_invoice(self):
        self.ensure_one()
        return self.proforma_invoice_id._get_records_action(name=_("Invoice"))

    def action_open_proforma_origin(self):
        self.ensure_one()
        return self.proforma_origin_id._get_records_action(name=_("Pro Forma"))

    def action_convert_to_invoice(self):
        """Button: make the customer invoice from the pro forma and open it."""
        invoices = self._convert_to_invoice()
        action = self.env["ir.actions.actions"]._for_xml_id("account.action_move_out_invoice_type")
        if len(invoices) == 1:
            action.update(
                {
                    "views": [(self.env.ref("account.view_move_form").id, "form")],
                    "view_mode": "form",
                    "res_id": invoices.id,
                }
            )
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        return action

    @api.model
    def create_proforma(self, vals_list):
        """Create pro formas: the single entry point for any addon (offers, recurring invoices...).

        :param vals_list: a dict or a list of dicts of ``account.move.create()`` values
            (``partner_id``, ``invoice_line_ids``, ``currency_id``, ``journal_id``,
            ``invoice_payment_term_id``, ``fiscal_position_id``, ``invoice_user_id``,
            ``narration``, ``invoice_origin`` ...). ``move_type`` is forced to ``out_invoice``;
            any other move type is refused.
        :return: the new pro formas (``account.move``), in the order of ``vals_list``.
        :raise UserError: on a vendor bill/refund type, a missing customer, no product line or a
            non-sale journal; nothing is created then.
        """
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        prepared = []
        for vals in vals_list:
            vals = dict(vals)
            move_type = vals.get("move_type") or self.env.context.get("default_move_type") or "out_invoice"
            if move_type != "out_invoice":
                raise UserError(
                    _(
                        "A pro forma is always a customer invoice; move type %(type)s is not allowed.",
                        type=move_type,
                    )
                )
            if not vals.get("partner_id"):
                raise UserError(_("A pro forma needs a customer."))
            if not self._proforma_vals_have_product_line(vals):
                raise UserError(_("A pro forma needs at least one product line."))
            if vals.get("journal_id"):
                journal = self.env["account.journal"].browse(vals["journal_id"])
                if journal.type != "sale":
                    raise UserError(
                        _("Journal %(journal)s is not a sales journal; a pro forma needs one.", journal=journal.name)
                    )
            vals.update({"move_type": "out_invoice", "is_proforma": True, "proforma_state": "draft"})
            prepared.append(vals)
        return self.with_context(default_move_type="out_invoice").create(prepared)

    @api.model
    def _proforma_vals_have_product_line(self, vals):
        """Tell whether create values hold at least one real (product) invoice line."""
        for command in vals.get("invoice_line_ids") or []:
            if isinstance(command, (list, tuple)) and command and command[0] == Command.CREATE:
                line_vals = command[2] or {}
                if line_vals.get("display_type", "product") == "product":
                    return True
            elif isinstance(command, (list, tuple)) and command and command[0] in (Command.LINK, Command.SET):
                return True
        return False

    def _next_proforma_number(self):
        """Draw the next number from the company's own pro forma sequence."""
        self.ensure_one()
        sequence = self.company_id._get_proforma_sequence()
        date = self.invoice_date or fields.Date.context_today(self)
        return sequence.with_company(self.company_id)._next(sequence_date=date)

    def _get_move_display_name(self, show_ref=False):
        """Show pro formas by their own number: their invoice name stays "/" forever."""
        if self.is_proforma:
            return self.proforma_number or _("Draft Pro Forma")
        return super()._get_move_display_name(show_ref=show_ref)

    def _check_is_proforma(self):
        """Raise when one of the moves is not a pro forma (pro forma buttons on other moves)."""
        others = self.filtered(lambda m: not m.is_proforma)
        if others:
            raise UserError(_("%(names)s is not a pro forma.", names=", ".join(others.mapped("display_name"))))

    def _check_proforma_lines_editable(self):
        """Raise when one of the moves is a converted (frozen) pro forma."""
        self.filtered(lambda m: m.is_proforma and m.proforma_state == "converted")._raise_proforma_frozen()

    def _raise_proforma_frozen(self):
        if self:
            raise UserError(
                _(
                    "Pro forma %(numbers)s has already been converted into an invoice and cannot be changed.",
                    numbers=", ".join(self.mapped("proforma_number")),
                )
            )

    def _convert_to_invoice(self):
        """Make the real customer invoice of each pro forma in ``self``.

        The invoice gets the pro forma's lines, taxes, payment terms, fiscal position,
        analytic distribution and currency; both documents are linked and noted in their
        chatter, and the pro forma becomes ``converted`` (then read-only).

        :return: the new draft customer invoices (``account.move``), one per pro forma.
        :raise UserError: when a record is not a pro forma, is already converted or cancelled.
        """
        self._check_is_proforma()
        for proforma in self:
            if proforma.proforma_state == "converted":
                raise UserError(
                    _(
                        "Pro forma %(number)s has already been converted into invoice %(invoice)s.",
                        number=proforma.proforma_number,
                        invoice=proforma.proforma_invoice_id.display_name,
                    )
                )
            if proforma.proforma_state == "cancel":
                raise UserError(
                    _("Pro forma %(number)s is cancelled and cannot be converted.", number=proforma.proforma_number)
                )
        invoices = self.env["account.move"]
        for proforma in self:
            invoice = (
                self.env["account.move"]
                .with_company(proforma.company_id)
                .create(proforma._prepare_proforma_invoice_vals())
            )
            proforma.write({"proforma_invoice_id": invoice.id, "proforma_state": "converted"})
            invoice.message_post(
                body=_("This invoice was made from pro forma %(link)s.", link=proforma._get_html_link())
            )
            proforma.message_post(body=_("Converted into invoice %(link)s.", link=invoice._get_html_link()))
            invoices |= invoice
        return invoices

    def _prepare_proforma_invoice_vals(self):
        """Return the ``create()`` values of the customer invoice made from this pro forma."""
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "partner_id": self.partner_id.id,
            "partner_shipping_id": self.partner_shipping_id.id,
            "partner_bank_id": self.partner_bank_id.id,
            "currency_id": self.currency_id.id,
            "invoice_payment_term_id": self.invoice_payment_term_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "invoice_user_id": self.invoice_user_id.id,
            "invoice_incoterm_id": self.invoice_incoterm_id.id,
            "ref": self.ref,
            "narration": self.narration,
            "invoice_origin": self.invoice_origin or self.proforma_number,
            "proforma_origin_id": self.id,
            "invoice_line_ids": [
                Command.create(line._prepare_proforma_invoice_line_vals()) for line in self.invoice_line_ids
            ],
        }
