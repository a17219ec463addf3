from odoo import fields, models


class CrmDunningBlockLog(models.Model):
    """The audit trail of sales blocks: who blocked, unblocked or overrode, when, in which
    company and why. Written by the engine only (sudo): users read it."""

    _name = "crm.dunning.block.log"
    _description = "Dunning Block Log"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    event = fields.Selection([("block", "Blocked"), ("unblock", "Unblocked"), ("override", "Override")], required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", index=True, help="The company whose block this is.")
    scheme_id = fields.Many2one("crm.dunning.scheme")
    reason = fields.Text()
    document = fields.Char(help="The order or invoice an override let through.")
