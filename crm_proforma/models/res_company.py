from odoo import _, api, models

PROFORMA_SEQUENCE_CODE = "crm_proforma.proforma"


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        """Give every new company its own pro forma numbering right away."""
        companies = super().create(vals_list)
        companies._get_proforma_sequence()
        return companies

    def _get_proforma_sequence(self):
        """Return the pro forma ``ir.sequence`` of each company in ``self``, made on demand.

        Each company numbers its pro formas separately (``PF/2026/0001``), so the sequence
        carries ``company_id``. It is created here (as superuser, since invoicing users may
        not create sequences) for companies that predate the addon or lost theirs.
        ``no_gap`` keeps the numbering transactional: a pro forma rolled back gives its
        number back instead of leaving a hole.
        """
        sequences = self.env["ir.sequence"].sudo().browse()
        for company in self:
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .search([("code", "=", PROFORMA_SEQUENCE_CODE), ("company_id", "=", company.id)], limit=1)
            )
            if not sequence:
                sequence = (
                    self.env["ir.sequence"]
                    .sudo()
                    .create(
                        {
                            "name": _("Pro Forma (%(company)s)", company=company.name),
                            "code": PROFORMA_SEQUENCE_CODE,
                            "implementation": "no_gap",
                            "prefix": "PF/%(year)s/",
                            "padding": 4,
                            "number_increment": 1,
                            "use_date_range": True,
                            "company_id": company.id,
                        }
                    )
                )
            sequences |= sequence
        return sequences
