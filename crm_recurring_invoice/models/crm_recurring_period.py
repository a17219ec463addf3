from odoo import fields, models


class CrmRecurringPeriod(models.Model):
    """The ledger of invoiced periods: one row per (template customer, period).

    The unique constraint is what makes generation idempotent: a period is generated together
    with its ledger row in one transaction, so a killed run leaves neither, and a rerun (or a
    second worker) can never invoice the same period twice. Deleting a generated invoice keeps
    its period invoiced; delete the ledger row to have it generated again.
    """

    _name = "crm.recurring.period"
    _description = "Recurring Invoice Generated Period"
    _order = "period_start desc, id desc"
    _rec_name = "period_start"

    template_id = fields.Many2one("crm.recurring.template", required=True, ondelete="cascade", index=True)
    template_partner_id = fields.Many2one(
        "crm.recurring.template.partner", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="template_partner_id.partner_id", store=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    invoice_date = fields.Date(required=True)
    move_id = fields.Many2one("account.move", string="Invoice", ondelete="set null", index="btree_not_null")

    _sql_constraints = [  # noqa: RUF012 - Odoo reads this class attribute
        (
            "period_unique",
            "UNIQUE(template_partner_id, period_start)",
            "This period of this customer has already been generated.",
        ),
    ]
