import base64

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..models.dunning_report_params import DEFAULT_EFFECT_DAYS
from ..models.dunning_xlsx import workbook_bytes


class CrmDunningReportWizard(models.TransientModel):
    """Dunning reports: open the overdue receivables (aging) or the effectiveness report for a
    window of N days, or download both as one XLSX workbook."""

    _name = "crm.dunning.report.wizard"
    _description = "Dunning Reports"

    effect_days = fields.Integer(
        string="Paid Within (days)",
        default=DEFAULT_EFFECT_DAYS,
        required=True,
        help="Effectiveness: an invoice counts as paid in time when it was paid within this many "
        "days after a dunning level fired.",
    )
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    @api.constrains("effect_days")
    def _check_effect_days(self):
        for wizard in self:
            if not 1 <= wizard.effect_days <= 3650:
                raise ValidationError(
                    _(
                        "The effectiveness window must be between 1 and 3650 days, not %(days)s.",
                        days=wizard.effect_days,
                    )
                )

    def _report_env(self):
        self.ensure_one()
        return self.with_context(dunning_effect_days=self.effect_days).env

    def action_open_aging(self):
        return self.env["ir.actions.act_window"]._for_xml_id("crm_dunning.action_dunning_aging_report")

    def action_open_effectiveness(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_dunning.action_dunning_effectiveness_report")
        action["context"] = {"dunning_effect_days": self.effect_days}
        action["name"] = _("Dunning Effectiveness (paid within %(days)s days)", days=self.effect_days)
        return action

    def action_export_xlsx(self):
        """Both reports, as the user may read them, in one workbook he downloads."""
        self.ensure_one()
        env = self._report_env()
        aging = env["crm.dunning.aging.report"].search([])
        effectiveness = env["crm.dunning.effectiveness.report"].search([])
        content = workbook_bytes(
            [aging._xlsx_sheet(), effectiveness._xlsx_summary_sheet(), effectiveness._xlsx_sheet()]
        )
        today = fields.Date.to_string(fields.Date.context_today(self))
        self.write({"xlsx_file": base64.b64encode(content), "xlsx_name": f"dunning_reports_{today}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{self.xlsx_name}?download=true",
            "target": "self",
        }
