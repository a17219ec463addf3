from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ACTION_KINDS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("task", "Task"),
    ("payment_reminder", "Payment Reminder"),
    ("interest_note", "Interest Note"),
    ("balance_confirmation", "Balance Confirmation"),
    ("block", "Block Sales"),
]
# kinds the run engine executes (each has a _dunning_do_<kind> handler)
EXECUTABLE_KINDS = ("email", "sms", "task", "payment_reminder", "interest_note", "balance_confirmation", "block")


class CrmDunningAction(models.Model):
    """What a dunning level does: e-mail, SMS, a task for a person, a document or a block."""

    _name = "crm.dunning.action"
    _description = "Dunning Action"
    _order = "level_id, sequence, id"
    _check_company_auto = True

    level_id = fields.Many2one("crm.dunning.level", required=True, ondelete="cascade", index=True)
    scheme_id = fields.Many2one(related="level_id.scheme_id", store=True, index=True)
    company_id = fields.Many2one(related="level_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True, help="An action removed from its level after it ran is archived, not deleted."
    )
    kind = fields.Selection(ACTION_KINDS, required=True, default="email")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'res.partner')]",
        help="Rendered on the customer; the invoices of the level being dunned are in "
        "object.dunning_overdue_invoice_ids, their total in object.dunning_overdue_amount.",
    )
    sms_template_id = fields.Many2one("sms.template", string="SMS Template", domain="[('model', '=', 'res.partner')]")
    attach_invoices = fields.Boolean(string="Attach Invoice PDFs")
    task_user = fields.Selection(
        [("salesperson", "Salesperson"), ("payment_responsible", "Payment Responsible"), ("user", "Named User")],
        string="Task For",
        default="salesperson",
    )
    task_user_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    task_deadline_days = fields.Integer(string="Task Deadline (days)", help="Days after the run.")
    document_template_id = fields.Many2one(
        "mail.template",
        domain="[('model', '=', 'crm.dunning.document')]",
        help="The template a payment reminder, interest note or balance confirmation is e-mailed with; "
        "empty: the default template of its kind for the customer's language.",
    )
    document_send = fields.Boolean(
        string="E-mail the Document", default=True, help="Off: the document is only issued, for printing."
    )

    @api.constrains("kind", "mail_template_id", "sms_template_id", "task_user", "task_user_id")
    def _check_kind_settings(self):
        for action in self:
            where = _("level %(level)s", level=action.level_id.name)
            if action.kind == "email" and not action.mail_template_id:
                raise ValidationError(_("The e-mail action of %(where)s needs an e-mail template.", where=where))
            if action.mail_template_id and action.mail_template_id.model != "res.partner":
                raise ValidationError(
                    _("The e-mail template of %(where)s must be made for customers (Contact).", where=where)
                )
            if action.kind == "sms" and not action.sms_template_id:
                raise ValidationError(_("The SMS action of %(where)s needs an SMS template.", where=where))
            if action.sms_template_id and action.sms_template_id.model != "res.partner":
                raise ValidationError(
                    _("The SMS template of %(where)s must be made for customers (Contact).", where=where)
                )
            if action.kind == "task" and action.task_user == "user" and not action.task_user_id:
                raise ValidationError(_("The task action of %(where)s needs the user the task is for.", where=where))

    def unlink(self):
        """An action that already ran is archived, not deleted: the dunning history keeps it,
        and a new action of the same kind on the level does not repeat it for those invoices."""
        levels = self.level_id
        used = self._dunning_used()
        used.write({"active": False})
        result = super(CrmDunningAction, self - used).unlink()
        if not self.env.context.get("dunning_level_saving"):
            levels.exists().filtered("active")._check_has_action()
        return result

    def _dunning_used(self):
        """These actions that the dunning history (ledger) refers to."""
        if not self.ids:
            return self.browse()
        ledger = self.env["crm.dunning.ledger"].sudo()
        groups = ledger._read_group([("action_id", "in", self.ids)], ["action_id"])
        return self.browse([action.id for (action,) in groups])
