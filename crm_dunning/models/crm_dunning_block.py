from odoo import fields, models
from odoo.exceptions import AccessError


class CrmDunningBlock(models.Model):
    """A customer's sales block in one company: a level's block action of that company's scheme
    made it, a reconciliation or a Dunning manager lifts it (the row is deleted then; the audit
    trail is ``crm.dunning.block.log``). Only the engine writes these rows (sudo): users read them."""

    _name = "crm.dunning.block"
    _description = "Dunning Sales Block"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", index=True)
    scheme_id = fields.Many2one("crm.dunning.scheme", string="Blocked By Scheme", required=True, ondelete="restrict")
    date = fields.Datetime(string="Blocked On", required=True, default=fields.Datetime.now)

    _sql_constraints = [  # noqa: RUF012
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "A customer is blocked at most once per company.",
        ),
    ]


def check_override_write(env, vals):
    """Refuse a user's create or write of ``dunning_block_override`` (sale order, invoice): only a
    Dunning manager's override (the wizard, which logs the reason) sets it, through sudo."""
    if "dunning_block_override" in vals and not env.su:
        raise AccessError(
            env._(
                "Only a Dunning manager may let a document of a blocked customer through, with a "
                "reason: use Override Dunning Block."
            )
        )
