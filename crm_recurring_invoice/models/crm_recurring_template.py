from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_reminders.models.input_checks import check_records

from .recurrence import MONTH_UNITS, SHORT_POLICIES, UNITS, Recurrence

UNIT_SELECTION = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("quarter", "Quarters"),
    ("year", "Years"),
]
assert tuple(u for u, _label in UNIT_SELECTION) == UNITS
SHORT_PERIOD_SELECTION = [
    ("prorate", "Prorate by days"),
    ("full", "Bill in full"),
    ("skip", "Do not bill"),
]
assert tuple(p for p, _label in SHORT_PERIOD_SELECTION) == SHORT_POLICIES
MAX_INTERVAL = 999
MAX_OCCURRENCES = 10_000
MAX_DAYS_AHEAD = 366


class CrmRecurringTemplate(models.Model):
    """An invoice template (Optima's "wzorzec faktury cyklicznej") serving many customers.

    The template says what to invoice (lines), to whom (``partner_ids``, the "Podmioty" tab) and
    when (the recurrence). Generation itself lives in ``crm_recurring_template_generate.py``; the
    periods already invoiced are in the ledger ``crm.recurring.period``.
    """

    _name = "crm.recurring.template"
    _inherit = ["crm.recurring.checked.mixin", "mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _description = "Recurring Invoice Template"
    _order = "next_generation_date, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("error", "Error"), ("closed", "Closed")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    error_message = fields.Text(copy=False, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        tracking=True,
        help="Salesperson on the generated invoices and the user warned when the template fails.",
    )
    document_type = fields.Selection(
        [("invoice", "Customer Invoice"), ("proforma", "Pro Forma")],
        default="invoice",
        required=True,
        tracking=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'sale')]",
        default=lambda self: self._default_journal(),
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    payment_term_id = fields.Many2one("account.payment.term", check_company=True)
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
        help="Leave empty to use each customer's own fiscal position.",
    )
    narration = fields.Html(string="Notes")
    line_ids = fields.One2many("crm.recurring.template.line", "template_id", string="Lines", copy=True)
    partner_ids = fields.One2many("crm.recurring.template.partner", "template_id", string="Customers", copy=False)
    partner_count = fields.Integer(compute="_compute_partner_count")

    interval_number = fields.Integer(string="Repeat Every", default=1, required=True)
    interval_unit = fields.Selection(UNIT_SELECTION, default="month", required=True)
    uses_day_of_month = fields.Boolean(
        compute="_compute_uses_day_of_month",
        help="Whether the unit is month-based (recurrence.MONTH_UNITS) and so has a day of month.",
    )
    day_mode = fields.Selection(
        [("day", "Fixed day"), ("last", "Last day of month")],
        default="day",
        required=True,
        help="For months, quarters and years: invoice on a fixed day (31 = last day of short months) "
        "or always on the last day of the month.",
    )
    day_of_month = fields.Integer(default=1)
    date_start = fields.Date(required=True, default=fields.Date.context_today)
    end_type = fields.Selection(
        [("none", "No end"), ("date", "End date"), ("count", "Number of invoices")],
        default="none",
        required=True,
    )
    date_end = fields.Date()
    occurrences = fields.Integer(string="Number of Invoices", default=12)
    invoicing_mode = fields.Selection(
        [("prepaid", "In advance (pre-paid)"), ("postpaid", "For the past period (post-paid)")],
        default="prepaid",
        required=True,
    )
    short_period = fields.Selection(
        SHORT_PERIOD_SELECTION,
        string="Short Periods",
        default="prorate",
        required=True,
        help="A customer who starts or ends inside a period is billed for those days only. "
        "Prorate by days: the price is cut to the share of days (24 of 30 days: 80%). "
        "Bill in full: the whole price. Do not bill: such a period is not invoiced.",
    )
    days_ahead = fields.Integer(
        default=0, help="Generate the invoice this many days before its invoice date (0 = on the day)."
    )
    after_generation = fields.Selection(
        [("draft", "Leave as draft"), ("post", "Post"), ("send", "Post and e-mail")],
        default="draft",
        required=True,
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        domain="[('model', '=', 'account.move')]",
        default=lambda self: self.env.ref("account.email_template_edi_invoice", raise_if_not_found=False),
    )

    move_ids = fields.One2many("account.move", "recurring_template_id", string="Generated Invoices", readonly=True)
    move_count = fields.Integer(compute="_compute_move_count")
    period_ids = fields.One2many("crm.recurring.period", "template_id", readonly=True)
    next_invoice_date = fields.Date(compute="_compute_next_dates", store=True)
    next_generation_date = fields.Date(
        compute="_compute_next_dates",
        store=True,
        index=True,
        help="Day the next invoice is due for generation: its invoice date minus the days ahead.",
    )
    last_generated_date = fields.Date(compute="_compute_last_generated_date", store=True)

    @api.model
    def _default_journal(self):
        return self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.env.company), ("type", "=", "sale")], limit=1
        )

    @api.depends("interval_unit")
    def _compute_uses_day_of_month(self):
        for template in self:
            template.uses_day_of_month = template._uses_day_of_month()

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for template in self:
            template.partner_count = len(template.partner_ids)

    def _compute_move_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("recurring_template_id", "in", self.ids)], ["recurring_template_id"], ["__count"]
            )
        )
        for template in self:
            template.move_count = counts.get(template, 0)

    @api.depends("state", "days_ahead", "partner_ids.next_invoice_date", "partner_ids.active")
    def _compute_next_dates(self):
        for template in self:
            dates = [p.next_invoice_date for p in template.partner_ids if p.active and p.next_invoice_date]
            if template.state in ("running", "error") and dates:
                template.next_invoice_date = min(dates)
                try:
                    template.next_generation_date = template.next_invoice_date - timedelta(days=template.days_ahead)
                except OverflowError:  # refused by _check_days_ahead
                    template.next_generation_date = False
            else:
                template.next_invoice_date = template.next_generation_date = False

    @api.depends("period_ids.invoice_date")
    def _compute_last_generated_date(self):
        # one aggregate for all templates: recomputed after every chunk, this must not load the
        # whole ledger of a template shared by thousands of customers (years of rows)
        last = dict(
            self.env["crm.recurring.period"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["invoice_date:max"]
            )
        )
        for template in self:
            template.last_generated_date = last.get(template._origin, False)

    @api.constrains("interval_number", "day_of_month", "day_mode", "interval_unit", "occurrences", "end_type")
    def _check_recurrence(self):
        for template in self:
            if not 1 <= template.interval_number <= MAX_INTERVAL:
                raise ValidationError(
                    _(
                        "Template %(name)s: the interval must be between 1 and %(max)s.",
                        name=template.name,
                        max=MAX_INTERVAL,
                    )
                )
            if template._uses_day_of_month() and template.day_mode == "day" and not 1 <= template.day_of_month <= 31:
                raise ValidationError(
                    _("Template %(name)s: the day of month must be between 1 and 31.", name=template.name)
                )
            if template.end_type == "count" and not 1 <= template.occurrences <= MAX_OCCURRENCES:
                raise ValidationError(
                    _(
                        "Template %(name)s: the number of invoices must be between 1 and %(max)s.",
                        name=template.name,
                        max=MAX_OCCURRENCES,
                    )
                )

    @api.constrains("date_start", "date_end", "end_type")
    def _check_dates(self):
        for template in self:
            if template.end_type == "date" and not template.date_end:
                raise ValidationError(_("Template %(name)s: set the end date.", name=template.name))
            if template.end_type == "date" and template.date_end < template.date_start:
                raise ValidationError(
                    _("Template %(name)s: the end date is before the start date.", name=template.name)
                )

    @api.constrains("days_ahead")
    def _check_days_ahead(self):
        for template in self:
            if template.days_ahead < 0:
                raise ValidationError(_("Template %(name)s: the days ahead cannot be negative.", name=template.name))
            if template.days_ahead > MAX_DAYS_AHEAD:
                raise ValidationError(
                    _(
                        "Template %(name)s: generate at most %(max)s days ahead.",
                        name=template.name,
                        max=MAX_DAYS_AHEAD,
                    )
                )

    @api.constrains("currency_id", "journal_id")
    def _check_currency_journal(self):
        for template in self:
            journal_currency = template.journal_id.currency_id
            if journal_currency and journal_currency != template.currency_id:
                raise ValidationError(
                    _(
                        "Template %(name)s: journal %(journal)s only allows the currency %(currency)s.",
                        name=template.name,
                        journal=template.journal_id.display_name,
                        currency=journal_currency.name,
                    )
                )

    @api.constrains("state", "line_ids", "partner_ids")
    def _check_ready(self):
        for template in self.filtered(lambda t: t.state in ("running", "error")):
            if not template.line_ids:
                raise ValidationError(_("Template %(name)s has no lines to invoice.", name=template.name))
            if not template.partner_ids:
                raise ValidationError(_("Template %(name)s has no customer to invoice.", name=template.name))

    def _uses_day_of_month(self):
        return self.interval_unit in MONTH_UNITS

    def _recurrence(self, template_partner=None):
        """The :class:`Recurrence` of one customer row (or of the template alone)."""
        self.ensure_one()
        start = self.date_start
        end = self.date_end if self.end_type == "date" else None
        if template_partner:
            start = max(start, template_partner.date_start or start)
            if template_partner.date_end:
                end = min(end, template_partner.date_end) if end else template_partner.date_end
        if end and end < start:
            return None  # this customer's dates leave nothing to invoice
        day = None
        if self._uses_day_of_month() and self.day_mode == "day":
            day = self.day_of_month
        return Recurrence(
            start,
            interval=self.interval_number,
            unit=self.interval_unit,
            day=day,
            end=end,
            count=self.occurrences if self.end_type == "count" else None,
            prepaid=self.invoicing_mode == "prepaid",
            origin=self.date_start,
            short=self.short_period,
        )

    def action_start(self):
        """Activate: the template is now picked up by the scheduled generation."""
        check_records(self, "write")
        self.write({"state": "running", "error_message": False})
        return True

    def action_close(self):
        check_records(self, "write")
        self.write({"state": "closed"})
        return True

    def action_draft(self):
        check_records(self, "write")
        self.write({"state": "draft", "error_message": False})
        return True

    def action_view_invoices(self):
        check_records(self, single=True)
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("recurring_template_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_generate_now(self):
        """Button: generate every period due today (catch-up included) and show the result."""
        check_records(self, "write")
        moves = self._generate_due()
        if len(self) == 1 and moves:
            return self.action_view_invoices()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if moves else "info",
                "message": _("%(count)s invoice(s) generated.", count=len(moves)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_preview(self):
        """Button: open the forecast wizard (no invoice is created)."""
        check_records(self)
        wizard = self.env["crm.recurring.preview"].create({"template_ids": [Command.set(self.ids)]})
        return wizard._reopen()
