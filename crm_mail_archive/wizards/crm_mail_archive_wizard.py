from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmMailArchiveWizard(models.TransientModel):
    """Archive now, restore, or verify selected messages or a whole record's thread."""

    _name = "crm.mail.archive.wizard"
    _description = "Archive or Restore Messages"

    operation = fields.Selection(
        [("archive", "Archive"), ("restore", "Restore"), ("verify", "Verify")], required=True, default="archive"
    )
    scope = fields.Selection(
        [("selection", "Selected messages"), ("thread", "A record's whole thread")], required=True, default="selection"
    )
    message_ids = fields.Many2many("mail.message", string="Messages")
    thread_ref = fields.Reference(selection="_selection_thread_models", string="Record")
    storage_id = fields.Many2one(
        "crm.mail.archive.storage", default=lambda self: self.env["crm.mail.archive.storage"].search([], limit=1)
    )
    include_attachments = fields.Boolean(string="Archive Attachments", default=True)

    @api.model
    def _selection_thread_models(self):
        models_ = self.env["ir.model"].sudo().search([("is_mail_thread", "=", True), ("transient", "=", False)])
        return [(model.model, model.name) for model in models_]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "mail.message" and self.env.context.get("active_ids"):
            values["message_ids"] = [(6, 0, self.env.context["active_ids"])]
        return values

    def _messages(self):
        if self.scope == "thread":
            if not self.thread_ref:
                raise UserError(_("Choose the record whose thread to process."))
            return self.env["mail.message"].search(
                [("model", "=", self.thread_ref._name), ("res_id", "=", self.thread_ref.id)]
            )
        if not self.message_ids:
            raise UserError(_("Select the messages to process."))
        return self.message_ids

    def action_apply(self):
        self.ensure_one()
        messages = self._messages()
        if self.operation == "archive":
            if not self.storage_id:
                raise UserError(_("Choose the storage to archive to."))
            count, size = messages._crm_archive(self.storage_id, include_attachments=self.include_attachments)
            params = {
                "type": "success",
                "message": _("%(count)s message(s) archived (%(size)s bytes).", count=count, size=size),
            }
        elif self.operation == "restore":
            count = messages._crm_archive_restore()
            params = {"type": "success", "message": _("%(count)s message(s) restored from the archive.", count=count)}
        else:
            stubs = messages.sudo().crm_archive_stub_ids
            params = stubs._verify_notification(stubs._verify())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {**params, "next": {"type": "ir.actions.act_window_close"}},
        }
