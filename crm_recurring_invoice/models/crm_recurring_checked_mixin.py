from odoo import api, models

from odoo.addons.crm_reminders.models.input_checks import check_values


class CrmRecurringCheckedMixin(models.AbstractModel):
    """Checks every value reaching ``create``/``write`` before the ORM stores it (types,
    ranges, sizes, records that exist: see ``crm_reminders.models.input_checks``), so a bad value sent
    over RPC gets a clear error instead of a Python or database error. Used by the template,
    its lines and its customers."""

    _name = "crm.recurring.checked.mixin"
    _description = "Recurring Invoices: checked values"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)
