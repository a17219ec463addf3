from odoo import api, fields, models

from odoo.addons.crm_reminders.models.crm_task import OPEN_STATES

DUNNING_TASK_SOURCE = "crm_dunning.reminder_source_dunning_task"


class CrmTask(models.Model):
    """Przypominacz source "Dunning tasks due": the open tasks a dunning run gave, for their
    owner and participants and for the customer's payment responsible (as far as the task
    rules let him read them).

    crm.task already answers the built-in "Contacts and tasks" source; the ``source`` argument
    tells the two apart. A task in both lists has one key and is shown once, under this source
    (it comes first), so the user sees it is a dunning task.
    """

    _inherit = "crm.task"

    dunning_ledger_ids = fields.One2many("crm.dunning.ledger", "task_id", string="Dunning History")

    @api.model
    def _crm_reminder_items(self, source, user, date_to, limit=None, now=None):
        # The xmlid lookup is cached; env.ref would also ask the database whether it exists.
        if source.id != self.env["ir.model.data"]._xmlid_to_res_id(DUNNING_TASK_SOURCE, raise_if_not_found=False):
            return super()._crm_reminder_items(source, user, date_to, limit=limit, now=now)
        rows = self._crm_reminder_rows(
            user,
            [
                ("state", "in", OPEN_STATES),
                ("deadline", "<=", date_to),
                ("dunning_ledger_ids", "!=", False),
                "|",
                "|",
                ("user_id", "=", user.id),
                ("participant_ids", "in", user.id),
                ("partner_id.commercial_partner_id.dunning_responsible_id", "=", user.id),
            ],
            ["id", "name", "deadline", "user_id"],
            "deadline, id",
            limit,
        )
        owners = self.env["res.users"].sudo().browse({row[3] for row in rows if row[3] != user.id})
        owner_names = {owner.id: owner.name for owner in owners}
        return [
            {
                "res_id": id_,
                "title": name
                if owner_id == user.id
                else self.env._("%(task)s (given to %(user)s)", task=name, user=owner_names.get(owner_id, "-")),
                "deadline": deadline,
                "urgency": "high",
            }
            for id_, name, deadline, owner_id in rows
        ]
