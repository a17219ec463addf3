from odoo import _, fields, models
from odoo.exceptions import UserError


class CrmDunningSetScheme(models.TransientModel):
    """Set the dunning scheme of many customers at once (from the customer list)."""

    _name = "crm.dunning.set.scheme"
    _description = "Set Dunning Scheme"

    scheme_id = fields.Many2one(
        "crm.dunning.scheme",
        string="Dunning Scheme",
        domain="[('company_id', '=', current_company_id)]",
        help="Empty: the customers follow the company's default scheme.",
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", default=lambda self: self.env.context.get("active_ids")
    )

    def action_apply(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(_("Choose the customers first."))
        # the Dunning manager (this wizard's only users) sets just this field, not the contacts
        self.partner_ids.commercial_partner_id.sudo().with_company(self.env.company).write(
            {"dunning_scheme_id": self.scheme_id.id}
        )
        return {"type": "ir.actions.act_window_close"}
