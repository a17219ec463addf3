from odoo import api, models


class CrmDunningAction(models.Model):
    """An action reads as its kind (and template) wherever it is shown as a tag: the level list,
    the run preview."""

    # one file a job, each extending crm.dunning.action
    _inherit = "crm.dunning.action"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("kind", "mail_template_id", "sms_template_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for action in self:
            template = action.mail_template_id if action.kind == "email" else action.sms_template_id
            label = kinds.get(action.kind, "")
            action.display_name = f"{label}: {template.name}" if action.kind in ("email", "sms") and template else label
