"""The dunning documents a customer receives: payment reminder (ponaglenie zapłaty), interest
note (nota odsetkowa) and balance confirmation (potwierdzenie salda).

A document is a snapshot: its lines copy the invoices' amounts, days late and interest on its
date, so that what was sent never changes afterwards. It gets its number when it is issued,
from the company's sequence of its kind (yearly ranges, without gaps, never reused), and is
e-mailed with one of the mail templates of its kind, in the customer's language.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

DOCUMENT_KINDS = [
    ("payment_reminder", "Payment Reminder"),
    ("interest_note", "Interest Note"),
    ("balance_confirmation", "Balance Confirmation"),
]
SEQUENCE_CODE = "crm.dunning.document.%s"


class CrmDunningDocument(models.Model):
    _name = "crm.dunning.document"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _description = "Dunning Document"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index=True)
    kind = fields.Selection(DOCUMENT_KINDS, required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        help="The day the amounts, days late and interest are counted to (for a balance confirmation: "
        "the day the balance is confirmed as of).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("sent", "Sent"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("crm.dunning.document.line", "document_id", string="Lines", readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", compute="_compute_amounts", store=True)
    amount_interest = fields.Monetary(string="Interest", compute="_compute_amounts", store=True)
    amount_compensation = fields.Monetary(string="Recovery Costs", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True)
    level_id = fields.Many2one("crm.dunning.level", string="Dunning Level", readonly=True, index="btree_not_null")
    dunning_action_id = fields.Many2one("crm.dunning.action", readonly=True)
    interest_move_id = fields.Many2one(
        "account.move", string="Interest Invoice", readonly=True, copy=False, check_company=True
    )
    reply = fields.Selection(
        [("agree", "Agrees"), ("disagree", "Disagrees")],
        string="Customer's Reply",
        readonly=True,
        copy=False,
        tracking=True,
    )
    reply_comment = fields.Text(readonly=True, copy=False)
    reply_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [  # noqa: RUF012
        (
            "number_uniq",
            "EXCLUDE (company_id WITH =, kind WITH =, name WITH =) WHERE (name != '/')",
            "A dunning document number is used once per company and kind.",
        ),
    ]

    @api.depends("line_ids.amount_residual", "line_ids.interest_amount", "line_ids.compensation_amount", "kind")
    def _compute_amounts(self):
        for document in self:
            residual = sum(document.line_ids.mapped("amount_residual"))
            interest = sum(document.line_ids.mapped("interest_amount"))
            compensation = sum(document.line_ids.mapped("compensation_amount"))
            document.amount_residual = residual
            document.amount_interest = interest
            document.amount_compensation = compensation
            if document.kind == "interest_note":
                document.amount_total = interest + compensation
            elif document.kind == "payment_reminder":
                document.amount_total = residual + interest
            else:
                document.amount_total = residual

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for document in self:
            document.access_url = f"/my/dunning/{document.id}"

    @api.depends("kind", "name", "partner_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for document in self:
            number = document.name if document.name != "/" else _("Draft")
            document.display_name = f"{labels.get(document.kind, '')} {number}".strip()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(document.state != "draft" for document in self):
            raise UserError(_("An issued dunning document keeps its number: cancel it instead of deleting it."))

    # ------------------------------------------------------------------ actions
    def action_issue(self):
        self._dunning_issue()
        return True

    def action_cancel(self):
        for document in self:
            if document.interest_move_id.state == "posted":
                raise UserError(
                    _(
                        "Interest note %(number)s was booked as invoice %(invoice)s: reverse the invoice first.",
                        number=document.name,
                        invoice=document.interest_move_id.name,
                    )
                )
        self.write({"state": "cancel"})
        self.filtered(lambda d: d.kind == "interest_note")._dunning_release_compensation()
        return True

    def action_print(self):
        return self.env.ref("crm_dunning.action_report_dunning_document").report_action(self)

    def action_send(self):
        """Open the mail composer on the default template of the document's kind and language;
        the user may pick another template of the kind there."""
        self.ensure_one()
        if self.state == "draft":
            self._dunning_issue()
        template = self._dunning_template()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "mark_dunning_document_sent": True,
            },
        }

    def action_view_interest_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.interest_move_id.id,
            "view_mode": "form",
        }

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if self.env.context.get("mark_dunning_document_sent"):
            self.filtered(lambda d: d.state == "issued").write({"state": "sent"})
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------ business methods
    @api.model
    def _dunning_moves(self, kind, partner, company, date):
        """The invoices a payment reminder or an interest note of ``kind`` lists for ``partner``
        (commercial) on ``date`` (a balance confirmation lists receivable items instead: see
        ``_dunning_balance_line_vals``).

        Payment reminders: the invoices open on ``date`` and due before it (not excluded from
        dunning, not disputed): for a ``date`` in the past, what was open that day, an invoice
        paid since included (see ``_dunning_due_on``). Interest notes: the same, and those
        paid late; each is charged for the days no earlier interest note charged (those with
        nothing left to charge are left out when the lines are made).
        """
        open_states = ("not_paid", "partial")
        in_the_past = self._dunning_in_the_past(company, date)
        domain = [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("company_id", "=", company.id),
            ("state", "=", "posted"),
            ("move_type", "=", "out_invoice"),
            # an installment due before the date (Odoo's due date is the last installment's)
            ("line_ids", "any", [("display_type", "=", "payment_term"), ("date_maturity", "<", date)]),
            ("dunning_excluded", "=", False),
            ("dunning_disputed", "=", False),
        ]
        if in_the_past:
            # what was open on the date may have been paid or reversed by a credit note since
            domain.append(("payment_state", "in", (*open_states, "paid", "in_payment", "reversed")))
        elif kind == "interest_note":
            domain.append(("payment_state", "in", (*open_states, "paid", "in_payment")))
        else:
            domain.append(("payment_state", "in", open_states))
        if in_the_past:
            domain.append(("date", "<=", date))
            if kind != "interest_note":
                # open today, or settled by a reconciliation effective after ``date``
                domain += [
                    "|",
                    ("payment_state", "in", open_states),
                    ("line_ids.matched_credit_ids.max_date", ">", date),
                ]
        moves = self.env["account.move"].search(domain, order="invoice_date_due, id")
        if kind != "interest_note":
            # a reminder asks what is overdue: an invoice whose overdue installments are paid
            # (the next one not due yet) has nothing to ask
            due_on = self._dunning_due_on(moves, date)
            moves = moves.filtered(
                lambda move: move.company_currency_id.compare_amounts(due_on[move.id]["overdue"], 0.0) > 0
            )
        return moves

    @api.model
    def _dunning_interest_charged_until(self, moves, date=None):
        """The last day of interest each of ``moves`` was charged for on an interest note that is
        not cancelled (the latest ``interest_date_to`` of its lines), among the notes dated up to
        ``date`` when given (a document dated in the past ignores the notes made after it).

        :return: ``{move id: date}``, for the invoices charged before only
        """
        groups = (
            self.env["crm.dunning.document.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id", "in", moves.ids),
                    ("document_id.kind", "=", "interest_note"),
                    ("document_id.state", "!=", "cancel"),
                    ("interest_date_to", "!=", False),
                    *([("document_id.date", "<=", date)] if date else []),
                ],
                ["move_id"],
                ["interest_date_to:max"],
            )
        )
        return {move.id: day for move, day in groups}

    @api.model
    def _dunning_interest(self, moves, date, charged_until=None):
        """Late-payment interest of each of ``moves`` up to ``date``, in the invoice's currency,
        from the interest rate table of the dunning scheme that applies to each invoice (no
        table: no interest). The computation is the table's (``_crm_interest_periods``).

        :param dict charged_until: ``{move id: date}``, the last day already charged (by an
            earlier interest note): only the days after it are charged
        :return: ``{move id: {"amount", "date_from", "date_to"}}`` for the invoices with days
            to charge: the interest in the invoice currency and the first and last day charged
        """
        charged_until = charged_until or {}
        interest = {}
        for scheme, scheme_moves in moves.grouped(lambda m: m._get_dunning_scheme()).items():
            table = scheme.interest_table_id
            if not table:
                continue
            for move in scheme_moves:
                until = charged_until.get(move.id)
                periods = table._crm_interest_periods(move, date, since=until and until + timedelta(days=1))
                if not periods:
                    continue
                interest[move.id] = {
                    "amount": move.currency_id.round(sum(period["amount"] for period in periods)),
                    "date_from": periods[0]["date_from"],
                    "date_to": periods[-1]["date_to"],
                }
        return interest

    def _dunning_release_compensation(self):
        """Cancelled interest notes give back the recovery-cost compensation they claimed: an
        invoice claimed on one of them and on no other live note may be claimed again."""
        lines = self.line_ids.filtered("compensation_amount_currency")
        if not lines:
            return
        still_claimed = (
            self.env["crm.dunning.document.line"]
            .sudo()
            .search(
                [
                    ("move_id", "in", lines.move_id.ids),
                    ("document_id.kind", "=", "interest_note"),
                    ("document_id.state", "!=", "cancel"),
                    ("compensation_amount_currency", "!=", 0),
                ]
            )
            .move_id
        )
        (lines.move_id - still_claimed).sudo().write(
            {"dunning_compensation_date": False, "dunning_compensation_amount": 0.0, "dunning_compensation_eur": 0}
        )

    def _dunning_claim_compensation(self):
        """Add the statutory recovery-cost compensation to this interest note's lines when the
        invoice's scheme claims it: once per invoice (``_crm_claim_recovery_compensation``
        leaves out invoices claimed before), in the invoice currency and converted to the
        company currency."""
        self.ensure_one()
        for scheme, lines in self.line_ids.grouped(lambda line: line.move_id._get_dunning_scheme()).items():
            if not (scheme.interest_claim_compensation and scheme.interest_table_id.compensation_currency_id):
                continue
            claimed = lines.move_id._crm_claim_recovery_compensation(
                claim_date=self.date, table=scheme.interest_table_id
            )
            for line in lines:
                move = line.move_id
                if move.id not in claimed:
                    continue
                amount = claimed[move.id]["amount"]
                line.write(
                    {
                        "compensation_amount_currency": amount,
                        "compensation_amount": move.currency_id._convert(
                            amount, self.currency_id, self.company_id, self.date
                        ),
                    }
                )

    @api.model
    def _prepare_line_vals(self, kind, moves, date):
        """The lines' values of a payment reminder or an interest note for ``moves``: amounts in
        the invoice currency and in the company currency, days late and interest on ``date``.
        Both count each invoice's interest for the days no earlier interest note charged; an
        interest note lists only the invoices with interest to charge."""
        # what an interest note charged is not asked again, on a later note nor on a reminder
        charged_until = self._dunning_interest_charged_until(moves, date)
        interest = self._dunning_interest(moves, date, charged_until=charged_until)
        # the installments overdue on the document's date, what was open of them then
        due_on = self._dunning_due_on(moves, date)
        lines = []
        for move in moves:
            due = due_on[move.id]["due"]
            charged = interest.get(move.id, {})
            amount = charged.get("amount", 0.0)
            if kind == "interest_note" and not amount:
                continue
            lines.append(
                {
                    "sequence": len(lines) + 1,
                    "move_id": move.id,
                    "invoice_date": move.invoice_date,
                    "date_due": due,
                    "amount_total": move.amount_total_signed,
                    "amount_residual": due_on[move.id]["residual"],
                    "move_currency_id": move.currency_id.id,
                    "amount_total_currency": move.amount_total_in_currency_signed,
                    "amount_residual_currency": due_on[move.id]["residual_currency"],
                    "days_late": max((self._dunning_late_until(move, charged, date) - due).days, 0) if due else 0,
                    "interest_amount": move.currency_id._convert(
                        amount, move.company_currency_id, move.company_id, date
                    ),
                    "interest_amount_currency": amount,
                    "interest_date_from": charged.get("date_from", False),
                    "interest_date_to": charged.get("date_to", False),
                }
            )
        return lines

    @api.model
    def _dunning_late_until(self, move, charged, date):
        """The day ``move`` stopped being late for its line on a document of ``date``: the payment
        day (the last day of interest) of an invoice paid before, else ``date``."""
        if charged and move.payment_state in ("paid", "in_payment") and charged["date_to"] < date:
            return charged["date_to"]
        return date

    @api.model
    def _prepare_document_vals(self, kind, partner, company, date, moves=None, action=None):
        """Values of a draft document of ``kind`` for ``partner`` on ``date``.

        :param moves: the invoices to list (a dunning run's group); default: what
            :meth:`_dunning_moves` finds; a balance confirmation always lists every open
            receivable item of the customer as of ``date`` (:meth:`_dunning_balance_line_vals`)
        :param action: the dunning action that makes it (a run), if any
        :return: a dict for ``create``, whose ``line_ids`` is empty when there is nothing to list
        """
        partner = partner.commercial_partner_id
        if kind == "balance_confirmation":
            line_vals = self._dunning_balance_line_vals(partner, company, date)
        else:
            if moves is None:
                moves = self._dunning_moves(kind, partner, company, date)
            moves = moves.sorted(lambda m: (m.invoice_date_due or m.invoice_date, m.id))
            line_vals = self._prepare_line_vals(kind, moves, date)
        return {
            "kind": kind,
            "partner_id": partner.id,
            "company_id": company.id,
            "date": date,
            "level_id": action.level_id.id if action else False,
            "dunning_action_id": action.id if action else False,
            "line_ids": [fields.Command.create(vals) for vals in line_vals],
        }

    @api.model
    def _dunning_create(self, kind, partner, company, date, moves=None, action=None):
        """Create and issue a document; return an empty recordset when there is nothing to list."""
        vals = self._prepare_document_vals(kind, partner, company, date, moves=moves, action=action)
        if not vals["line_ids"]:
            return self.browse()
        document = self.with_company(company).create(vals)
        if kind == "interest_note":
            document._dunning_claim_compensation()
        document._dunning_issue()
        return document

    def _dunning_sequence(self):
        """The company's sequence of this document's kind, made from the shipped one on first use."""
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        code = SEQUENCE_CODE % self.kind
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", self.company_id.id)], limit=1)
        if not sequence:
            shipped = Sequence.search([("code", "=", code), ("company_id", "=", False)], limit=1)
            if not shipped:
                raise UserError(_("The numbering sequence %(code)s is missing.", code=code))
            sequence = shipped.copy({"company_id": self.company_id.id, "number_next": 1})
        return sequence

    def _dunning_issue(self):
        """Number the drafts (per company, kind and year of their date) and book interest notes."""
        for document in self.filtered(lambda d: d.state == "draft"):
            if not document.line_ids:
                raise UserError(_("%(document)s lists no invoice: nothing to issue.", document=document.display_name))
            number = document._dunning_sequence()._next(sequence_date=document.date)
            document.write({"name": number, "state": "issued"})
            document._portal_ensure_token()
            if document.kind == "interest_note" and document._dunning_books_interest():
                document._dunning_book_interest()
        return True

    def _dunning_books_interest(self):
        """Whether this interest note is booked as a customer invoice (its scheme says so)."""
        self.ensure_one()
        scheme = self.level_id.scheme_id or self.line_ids.move_id[:1]._get_dunning_scheme()
        return bool(scheme.interest_note_book)

    def _dunning_book_interest(self):
        """Book this interest note as a posted customer invoice of the scheme's interest product,
        so that it enters the receivables: one line for the interest, one for the compensation.

        The booked invoice is in the currency of the note's invoices when they share one (a
        customer invoiced in EUR owes the interest in EUR: the amounts the note computed in EUR,
        not their conversion), else in the company currency."""
        self.ensure_one()
        scheme = self.level_id.scheme_id or self.line_ids.move_id[:1]._get_dunning_scheme()
        product = scheme.interest_product_id or self.env.ref("crm_dunning.product_interest", raise_if_not_found=False)
        if not product:
            raise UserError(_("Set the interest product of dunning scheme %(scheme)s.", scheme=scheme.display_name))
        if not scheme.interest_journal_id:
            # never the default sales journal: a note is not a VAT invoice and must not take a
            # number of their series
            raise UserError(
                _(
                    "Dunning scheme %(scheme)s books its interest notes: choose their sales journal (one of "
                    "their own, so that the numbering of your VAT invoices stays untouched).",
                    scheme=scheme.display_name,
                )
            )
        lang = self.partner_id.lang or self.env.lang
        doc = self.with_context(lang=lang)
        account = {"account_id": scheme.interest_account_id.id} if scheme.interest_account_id else {}
        currency, interest, compensation = self.currency_id, self.amount_interest, self.amount_compensation
        if len(self.line_ids.move_currency_id) == 1 and self.line_ids.move_currency_id != currency:
            currency = self.line_ids.move_currency_id
            interest = currency.round(sum(self.line_ids.mapped("interest_amount_currency")))
            compensation = currency.round(sum(self.line_ids.mapped("compensation_amount_currency")))
        lines = []
        if interest:
            lines.append(
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "name": doc.env._("Late-payment interest, note %(number)s", number=self.name),
                        "quantity": 1,
                        "price_unit": interest,
                        "tax_ids": [fields.Command.clear()],
                        **account,
                    }
                )
            )
        if compensation:
            lines.append(
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "name": doc.env._("Recovery-cost compensation, note %(number)s", number=self.name),
                        "quantity": 1,
                        "price_unit": compensation,
                        "tax_ids": [fields.Command.clear()],
                        **account,
                    }
                )
            )
        if not lines:
            return self.env["account.move"]
        move = (
            doc.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "journal_id": scheme.interest_journal_id.id,
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": currency.id,
                    "invoice_date": self.date,
                    "invoice_origin": self.name,
                    "dunning_excluded": True,
                    "invoice_line_ids": lines,
                }
            )
        )
        # the interest invoice goes through a sales block (only the engine sets the override)
        move.sudo().dunning_block_override = True
        move.action_post()
        self.interest_move_id = move
        return move

    def _dunning_template(self, template=None):
        """The mail template to send this document with: ``template`` when given, else the
        default template of its kind for the customer's language (see mail.template)."""
        self.ensure_one()
        if template:
            return template
        return self.env["mail.template"]._dunning_default_template(self.kind, self.partner_id.lang)

    def _dunning_send(self, template=None):
        """E-mail this issued document to the customer's dunning (else main) e-mail address.

        :param template: a ``mail.template`` of this model; default: :meth:`_dunning_template`
        :return: the e-mail address it was queued to
        :raise UserError: when the customer has no e-mail address or there is no template
        """
        self.ensure_one()
        self._dunning_issue()
        address = self.partner_id._dunning_email_address()
        if not address:
            raise UserError(_("%(customer)s has no e-mail address.", customer=self.partner_id.display_name))
        template = self._dunning_template(template)
        if not template:
            raise UserError(_("There is no mail template for %(document)s.", document=self.display_name))
        template.with_company(self.company_id).send_mail(
            self.id,
            email_values={"email_to": address, "recipient_ids": []},
            email_layout_xmlid="mail.mail_notification_light",
            raise_exception=True,
        )
        self._message_log(
            body=_("Sent to %(address)s with template %(template)s.", address=address, template=template.name)
        )
        self.state = "sent"
        return address

    def _dunning_reply(self, answer, comment=None):
        """The customer's reply to a balance confirmation, given once (portal).

        :param answer: ``"agree"`` or ``"disagree"``
        :param comment: the customer's words; required when they disagree
        :raise UserError: not a balance confirmation, not issued, answered already, bad answer
        """
        self.ensure_one()
        comment = (comment or "").strip()
        if self.kind != "balance_confirmation":
            raise UserError(_("Only a balance confirmation can be answered."))
        if self.state not in ("issued", "sent"):
            raise UserError(_("This balance confirmation cannot be answered."))
        if self.reply:
            raise UserError(_("This balance confirmation has already been answered."))
        if answer not in ("agree", "disagree"):
            raise UserError(_("Answer whether you agree with the balance or not."))
        if answer == "disagree" and not comment:
            raise UserError(_("Tell us what you disagree with."))
        self.sudo().write({"reply": answer, "reply_comment": comment or False, "reply_date": fields.Datetime.now()})
        amount = self.amount_by_currency or format_amount(self.env, self.amount_total, self.currency_id)
        if answer == "agree":
            body = _(
                "The customer confirms the balance of %(amount)s as of %(date)s.", amount=amount, date=self._date()
            )
        else:
            body = _(
                "The customer does not confirm the balance of %(amount)s as of %(date)s.",
                amount=amount,
                date=self._date(),
            )
        if comment:
            body = Markup("%s<br/>%s") % (body, comment)
        self.sudo().message_post(body=body, author_id=self.partner_id.id, message_type="comment")
        return True

    def _date(self):
        return format_date(self.env, self.date)

    @api.model
    def _dunning_send_serial(self, kind, partners, date, template=None, company=None):
        """Serial sending: one document of ``kind`` per customer with what it lists on ``date``.

        Each customer is done in its own savepoint: a customer with nothing to list is skipped,
        one without an e-mail address gets the document issued but not sent, a failure is
        reported; the others go on.

        :return: a dict of lists: ``sent`` and ``no_email`` (documents), ``skipped``
            (customers), ``failed`` (``(customer, reason)`` pairs)
        """
        company = company or self.env.company
        result = {"sent": self.browse(), "no_email": self.browse(), "skipped": [], "failed": []}
        for partner in partners.commercial_partner_id:
            try:
                with self.env.cr.savepoint():
                    document = self._dunning_create(kind, partner, company, date)
                    if not document:
                        result["skipped"].append(partner)
                        continue
                    if not partner._dunning_email_address():
                        result["no_email"] |= document
                        continue
                    document._dunning_send(template)
                    result["sent"] |= document
            except UserError as error:
                result["failed"].append((partner, str(error.args[0] if error.args else error)))
        return result
