from odoo import fields, models


class CrmDunningLedger(models.Model):
    """What the dunning runs did: one row per invoice, level and action, never two.

    The unique key makes a rerun, a kill midway or two workers at once harmless: an action
    already in the ledger for an invoice and level is never executed again for it. Levels and
    actions that ran are archived instead of deleted (``ondelete="restrict"``): editing a scheme
    never deletes its history.
    """

    _name = "crm.dunning.ledger"
    _description = "Dunning History"
    _order = "date desc, id desc"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    level_id = fields.Many2one("crm.dunning.level", required=True, ondelete="restrict", index=True)
    action_id = fields.Many2one("crm.dunning.action", required=True, ondelete="restrict")
    kind = fields.Selection(related="action_id.kind")
    scheme_id = fields.Many2one(related="level_id.scheme_id")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    amount_residual = fields.Monetary(string="Amount Due", currency_field="company_currency_id")
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("done", "Done"), ("replaced", "Replaced by a Task"), ("failed", "Failed")], required=True, default="done"
    )
    message = fields.Text(string="Result")
    task_id = fields.Many2one("crm.task", ondelete="set null")

    _sql_constraints = [  # noqa: RUF012
        (
            "move_level_action_uniq",
            "unique(move_id, level_id, action_id)",
            "An action of a dunning level runs only once per invoice.",
        ),
    ]
