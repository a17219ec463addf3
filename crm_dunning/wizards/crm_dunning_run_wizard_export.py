import base64

from odoo import _, fields, models

from ..models.dunning_xlsx import workbook_bytes


class CrmDunningRunWizard(models.TransientModel):
    """The run preview as an XLSX workbook: who, which level, which actions, which invoices and
    amounts the next run will do (the preview itself is in crm_dunning_run_wizard.py)."""

    # one file a job, each extending crm.dunning.run.wizard
    _inherit = "crm.dunning.run.wizard"  # pylint: disable=consider-merging-classes-inherited

    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    def action_export_preview_xlsx(self):
        """Preview the run now (the real planning path, nothing executed) and download it."""
        self.ensure_one()
        self.action_preview()
        content = workbook_bytes(self.line_ids._xlsx_sheets())
        today = fields.Date.to_string(fields.Date.context_today(self))
        self.write({"xlsx_file": base64.b64encode(content), "xlsx_name": f"dunning_preview_{today}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }


class CrmDunningRunLine(models.TransientModel):
    # one file a job, each extending crm.dunning.run.line
    _inherit = "crm.dunning.run.line"  # pylint: disable=consider-merging-classes-inherited

    def _xlsx_sheets(self):
        """Two sheets: one row per customer and level, and one per invoice they cover."""
        kinds = dict(self.env["crm.dunning.action"]._fields["kind"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        summary_columns = [
            (_("Company"), "text"),
            (_("Customer"), "text"),
            (_("Dunning Scheme"), "text"),
            (_("Level"), "text"),
            (_("Days After Due Date"), "int"),
            (_("Actions"), "text"),
            (_("Invoices"), "text"),
            (_("Amount Due"), "money"),
            (_("Currency"), "text"),
        ]
        invoice_columns = [
            (_("Customer"), "text"),
            (_("Level"), "text"),
            (_("Invoice"), "text"),
            (_("Due Date"), "date"),
            (_("Days Late"), "int"),
            (_("Amount Due"), "money"),
            (_("Currency"), "text"),
        ]
        summary, invoices = [], []
        for line in self:
            summary.append(
                [
                    line.company_id.name,
                    line.partner_id.display_name,
                    line.level_id.scheme_id.display_name,
                    line.level_id.name,
                    line.level_id.day_offset,
                    ", ".join(kinds[kind] for kind in line.action_ids.mapped("kind")),
                    ", ".join(line.move_ids.mapped("name")),
                    line.amount,
                    line.currency_id.name,
                ]
            )
            for move in line.move_ids.sorted(lambda m: (m.invoice_date_due, m.id)):
                invoices.append(
                    [
                        line.partner_id.display_name,
                        line.level_id.name,
                        move.name,
                        move.invoice_date_due,
                        (today - move.invoice_date_due).days,
                        move.amount_residual_signed,
                        line.currency_id.name,
                    ]
                )
        return [(_("Dunning Preview"), summary_columns, summary), (_("Invoices"), invoice_columns, invoices)]
