from odoo import _, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """Contacts and tasks on a customer: the smart button and the tab of the partner form."""

    _inherit = "res.partner"

    # The same field as the accounting app's (Odoo's "Customers" are partners with a customer
    # rank): defined here too, so the CRM's Customers menu works without accounting, and
    # shares the column with it when accounting is installed (it then counts invoices).
    customer_rank = fields.Integer(default=0, copy=False)

    # Only for CRM users: other internal users cannot read tasks, and a plain read() of a
    # partner must keep working for them.
    crm_task_ids = fields.One2many(
        "crm.task", "partner_id", string="Contacts and Tasks", groups="crm_reminders.group_crm_user"
    )
    crm_task_count = fields.Integer(
        compute="_compute_crm_task_count", string="Contacts / Tasks", groups="crm_reminders.group_crm_user"
    )

    def _compute_crm_task_count(self):
        # read_group counts with the user's access rules: one query for every partner shown.
        counts = dict(self.env["crm.task"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.crm_task_count = counts.get(partner, 0)

    def action_view_crm_tasks(self):
        if len(self) != 1:
            raise UserError(_("Open the contacts and tasks of one customer at a time."))
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_reminders.action_crm_task")
        action.update(
            {
                "domain": [("partner_id", "=", self.id)],
                "context": {"default_partner_id": self.id, "search_default_filter_open": 0},
                "view_mode": "list,kanban,form,calendar,pivot,graph",
                "views": [(False, mode) for mode in ("list", "kanban", "form", "calendar", "pivot", "graph")],
            }
        )
        return action
