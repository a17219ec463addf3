from odoo import fields, models

from odoo.addons.crm_reminders.models.input_checks import check_records


class AccountMove(models.Model):
    _inherit = "account.move"

    recurring_template_id = fields.Many2one(
        "crm.recurring.template",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    def action_open_recurring_template(self):
        check_records(self, single=True)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.recurring.template",
            "res_id": self.recurring_template_id.id,
            "view_mode": "form",
        }
