from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_reminders.models.input_checks import check_records

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
        [
            ("draft", "Draft"),
            ("issued", "Issued"),
            ("sent", "Sent"),
            ("converted", "Converted"),
            ("cancel", "Cancelled"),
        ],
        string="Pro Forma Status",
        help="Draft: not numbered yet. Issued: numbered (confirmed or printed). Sent: e-mailed to the "
        "customer. Converted: the invoice was made from it; it can no longer be changed.",
        readonly=True,
        copy=False,
        tracking=True,
    )
    proforma_number = fields.Char(
        string="Pro Forma Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Number of the pro forma from its company's own sequence, e.g. PF/2026/0001, "
        "given when the pro forma is issued (confirmed, printed or sent).",
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
        """New pro formas are unnumbered drafts: the number comes when they are issued
        (:meth:`_issue_proforma`), so an abandoned draft leaves no hole in the numbering."""
        for vals in vals_list:
            if vals.get("is_proforma"):
                vals["proforma_state"] = "draft"
                vals["auto_post"] = "no"
                vals.pop("proforma_number", None)
        return super().create(vals_list)

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
        if vals.get("is_proforma") is False and self.filtered("is_proforma"):
            raise UserError(_("A pro forma cannot be turned into an invoice by editing it: use Convert to Invoice."))
        if "proforma_number" in vals and self.filtered(
            lambda m: m.proforma_number and m.proforma_number != vals["proforma_number"]
        ):
            raise UserError(_("The number of an issued pro forma cannot be changed."))
        return super().write(vals)

    def unlink(self):
        """Only drafts go away: an issued pro forma keeps its number (cancel it instead), so the
        numbering stays without gaps."""
        self.filtered(lambda m: m.is_proforma and m.proforma_state == "converted")._raise_proforma_frozen()
        numbered = self.filtered(lambda m: m.is_proforma and m.proforma_number)
        if numbered:
            raise UserError(
                _(
                    "Pro forma %(numbers)s has been issued and cannot be deleted; cancel it instead, "
                    "so that the numbering stays without gaps.",
                    numbers=", ".join(numbered.mapped("proforma_number")),
                )
            )
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
            self.filtered(lambda m: m.is_proforma and m.proforma_state in ("draft", "issued"))._issue_proforma()
            self.filtered(lambda m: m.is_proforma and m.proforma_state == "issued").write({"proforma_state": "sent"})
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
        """A cancelled pro forma reset to draft is issued again when it had a number, else a draft."""
        res = super().button_draft()
        cancelled = self.filtered(lambda m: m.is_proforma and m.proforma_state == "cancel")
        cancelled.filtered("proforma_number").write({"proforma_state": "issued"})
        (cancelled - cancelled.filtered("proforma_number")).write({"proforma_state": "draft"})
        return res

    def action_proforma_issue(self):
        """Button "Issue": number the draft pro formas (they can be printed and sent as they are)."""
        self._check_proforma_records()
        self._issue_proforma()
        return True

    def action_proforma_send(self):
        """Open the mail composer with the pro forma's template and its PDF, like a quotation.

        The pro formas are issued (numbered) first, so the attached PDF carries the number.
        """
        self._check_proforma_records()
        self._check_proforma_not_cancelled()
        self._issue_proforma()
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
        """Issue (number) the pro formas and print them (PRO FORMA title, not a VAT invoice)."""
        self._check_proforma_records()
        self._check_proforma_not_cancelled()
        self._issue_proforma()
        return self.env.ref("crm_proforma.action_report_proforma").report_action(self)

    def action_open_proforma_invoice(self):
        """Smart button of a converted pro forma: open its invoice."""
        self._check_proforma_records(single=True, operation="read")
        if not self.proforma_invoice_id:
            raise UserError(_("Pro forma %(number)s has not been converted yet.", number=self.display_name))
        return self.proforma_invoice_id._get_records_action(name=_("Invoice"))

    def action_open_proforma_origin(self):
        """Smart button of an invoice made from a pro forma: open the pro forma in its own form."""
        check_records(self, "read")
        if len(self) != 1 or not self.proforma_origin_id:
            raise UserError(_("Choose one invoice made from a pro forma."))
        action = self.proforma_origin_id._get_records_action(name=_("Pro Forma"))
        action["views"] = [(self.env.ref("crm_proforma.view_proforma_form").id, "form")]
        return action

    def action_convert_to_invoice(self):
        """Button: make the customer invoice from the pro forma and open it."""
        self._check_proforma_records()
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

    def _issue_proforma(self):
        """Issue the draft pro formas of ``self``: give each its number and date of issue.

        The number comes from the company's gapless sequence in the same transaction, so a
        pro forma is numbered only when it is really issued (confirmed, printed, sent,
        converted, or made through :meth:`create_proforma`) and a rollback gives the number
        back. Pro formas already issued are left as they are.

        :raise UserError: when a draft has no customer or no product line.
        """
        for proforma in self.filtered(lambda m: m.is_proforma and m.proforma_state == "draft").sorted("id"):
            if not proforma.partner_id:
                raise UserError(_("Choose the customer before issuing the pro forma."))
            if not proforma.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
                raise UserError(_("Add at least one product line before issuing the pro forma."))
            if not proforma.invoice_date:
                # first, as the number's year is the year of issue
                proforma.invoice_date = fields.Date.context_today(proforma)
            vals = {"proforma_state": "issued"}
            if not proforma.proforma_number:
                vals["proforma_number"] = proforma._next_proforma_number()
            proforma.write(vals)

    def _check_proforma_records(self, single=False, operation="write"):
        """Check the records a public pro forma method is called on: at least one (exactly one
        when ``single``), ids of existing moves the user may ``operation``, all pro formas."""
        if not self:
            raise UserError(_("Choose at least one pro forma."))
        check_records(self, operation, single=single, label=_("pro forma"))
        self._check_is_proforma()

    def _check_proforma_not_cancelled(self):
        cancelled = self.filtered(lambda m: m.proforma_state == "cancel")
        if cancelled:
            raise UserError(
                _(
                    "Pro forma %(names)s is cancelled; reset it to draft first.",
                    names=", ".join(cancelled.mapped("display_name")),
                )
            )

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

        Draft pro formas are issued (numbered) first: the invoice refers to their number.

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
                    _("Pro forma %(number)s is cancelled and cannot be converted.", number=proforma.display_name)
                )
        self._issue_proforma()
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
