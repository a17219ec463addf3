import base64
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_reminders.models.input_checks import check_records, check_values

MAX_MONTHS = 60


class CrmRecurringPreview(models.TransientModel):
    """Optima's proposals list: what the next run, or the next N months, would generate.

    The lines come from ``crm.recurring.template._preview()``; nothing is created except this
    wizard's own transient rows (and the XLSX file on demand).
    """

    _name = "crm.recurring.preview"
    _description = "Recurring Invoices Forecast"

    template_ids = fields.Many2many("crm.recurring.template", string="Templates")
    scope = fields.Selection([("next", "Next run"), ("months", "Next months")], default="next", required=True)
    months = fields.Integer(default=3)
    line_ids = fields.One2many("crm.recurring.preview.line", "wizard_id", string="Invoices", readonly=True)
    amount_total = fields.Float(compute="_compute_amount_total")
    xlsx_file = fields.Binary(readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)
    empty_reason = fields.Text(compute="_compute_empty_reason")

    @api.depends("line_ids.amount_total")
    def _compute_amount_total(self):
        for wizard in self:
            wizard.amount_total = sum(wizard.line_ids.mapped("amount_total"))

    @api.depends("line_ids", "template_ids", "scope", "months")
    def _compute_empty_reason(self):
        """Why the forecast is empty, and what to do to see invoices in it."""
        for wizard in self:
            wizard.empty_reason = False if wizard.line_ids else wizard._why_empty()

    def _why_empty(self):
        templates = self.template_ids or self.env["crm.recurring.template"].search([])
        inactive = templates.filtered(lambda t: t.state in ("draft", "closed"))
        if not templates:
            return _(
                "There is no recurring invoice template yet. Create one in CRM > Documents > "
                "Recurring Invoices and activate it; its invoices will appear here."
            )
        if inactive == templates:
            return _(
                "Only templates that are active appear here; %(names)s is not (draft or closed). "
                "Open it and press Activate to see its invoices.",
                names=", ".join(inactive[:5].mapped("name")),
            )
        if self.scope == "next":
            return _(
                "The next run generates nothing: every invoice due so far has been generated. "
                'Choose "Next months" to see the invoices to come.'
            )
        return _("No invoice is due in the next %(months)s months.", months=self.months)

    @api.onchange("scope", "months")
    def _onchange_scope(self):
        """The forecast follows its scope at once, without pressing Refresh."""
        if self.scope != "months" or 1 <= self.months <= MAX_MONTHS:
            self._compute_lines()

    @api.constrains("months", "scope")
    def _check_months(self):
        for wizard in self:
            if wizard.scope == "months" and not 1 <= wizard.months <= MAX_MONTHS:
                raise UserError(_("Preview between 1 and 60 months."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        wizards = super().create(vals_list)
        wizards._compute_lines()
        return wizards

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)

    def _templates(self):
        """The active templates of the forecast: those chosen, else all (drafts and closed
        templates generate nothing, so they forecast nothing)."""
        if self.template_ids:
            return self.template_ids.filtered(lambda t: t.state in ("running", "error"))
        return self.env["crm.recurring.template"].search([("state", "in", ("running", "error"))])

    def _compute_lines(self):
        for wizard in self:
            months = wizard.months if wizard.scope == "months" else None
            rows = wizard._templates()._preview(months=months)
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create(
                    {
                        "template_id": row["template_id"],
                        "partner_id": row["partner_id"],
                        "period_start": row["period_start"],
                        "period_end": row["period_end"],
                        "invoice_date": row["invoice_date"],
                        "currency_id": row["currency_id"],
                        "amount_untaxed": row["amount_untaxed"],
                        "amount_total": row["amount_total"],
                        "error": row["error"],
                    }
                )
                for row in rows
            ]

    def action_refresh(self):
        check_records(self, "write", single=True)
        self._compute_lines()
        return self._reopen()

    def action_generate(self):
        """Generate what the next run would (only the due periods, never the forecast months)."""
        check_records(self, "write")
        moves = self._templates()._generate_due()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_export_xlsx(self):
        """The forecast as an XLSX workbook, downloaded from the wizard."""
        check_records(self, "write", single=True)
        self.ensure_one()
        self.xlsx_file = base64.b64encode(self._xlsx_content())
        self.xlsx_name = "recurring_forecast.xlsx"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }

    def _xlsx_content(self):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Forecast"))
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        headers = [
            _("Template"),
            _("Customer"),
            _("Period start"),
            _("Period end"),
            _("Invoice date"),
            _("Untaxed"),
            _("Total"),
            _("Currency"),
            _("Problem"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        for row, line in enumerate(self.line_ids, start=1):
            sheet.write(row, 0, line.template_id.name)
            sheet.write(row, 1, line.partner_id.display_name)
            sheet.write_datetime(row, 2, fields.Datetime.to_datetime(line.period_start), date_format)
            sheet.write_datetime(row, 3, fields.Datetime.to_datetime(line.period_end), date_format)
            sheet.write_datetime(row, 4, fields.Datetime.to_datetime(line.invoice_date), date_format)
            sheet.write_number(row, 5, line.amount_untaxed, money)
            sheet.write_number(row, 6, line.amount_total, money)
            sheet.write(row, 7, line.currency_id.name)
            sheet.write(row, 8, line.error or "")
        sheet.set_column(0, 1, 30)
        sheet.set_column(2, 8, 14)
        workbook.close()
        return output.getvalue()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Recurring Invoices Forecast"),
        }
