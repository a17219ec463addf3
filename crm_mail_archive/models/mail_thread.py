from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_update_content(self, message, body, attachment_ids=None, partner_ids=None, strict=True, **kwargs):
        """Editing an archived message (the chatter's pencil, removing its files) restores it
        first, then applies the edit: the user edits the text they see when they open it, the
        edit is what the message shows afterwards, and the stale archived copy is dropped
        (its objects deleted once the edit is committed)."""
        if strict:
            self._check_can_update_message_content(message.sudo())
        message._crm_archive_restore_before_edit()
        return super()._message_update_content(
            message, body, attachment_ids=attachment_ids, partner_ids=partner_ids, strict=strict, **kwargs
        )
