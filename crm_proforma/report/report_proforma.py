from odoo import _, api, models
from odoo.exceptions import UserError


class ReportProforma(models.AbstractModel):
    _name = "report.crm_proforma.report_proforma"
    _description = "Pro Forma Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        """Print only pro formas: a "PRO FORMA" title on a real invoice would mislead the customer."""
        docs = self.env["account.move"].browse(docids)
        not_proforma = docs.filtered(lambda m: not m.is_proforma)
        if not_proforma:
            raise UserError(
                _(
                    "Only pro formas can be printed as a pro forma (%(names)s is not one).",
                    names=", ".join(not_proforma.mapped("display_name")),
                )
            )
        return {"doc_ids": docs.ids, "doc_model": "account.move", "docs": docs, "data": data}
