from odoo import models


class MailMessage(models.Model):
    """The customer portal's chatter: archived messages say so instead of showing an empty body."""

    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def _portal_message_format(self, properties_names, options=None):
        """Archived messages get the archive placeholder as body and the ``crm_archived`` mark,
        on the message and on each of its archived files (which the portal's links, with their
        access token, stream from the storage)."""
        vals_list = super()._portal_message_format(properties_names, options=options)
        archived = self.filtered("crm_archived")
        if not archived:
            return vals_list
        placeholder = self._crm_archive_placeholder()
        # sudo: the stubs are admin-only; the portal checked the access to the messages already
        stubs = archived.sudo().crm_archive_stub_ids
        body_ids = set(stubs.filtered(lambda stub: stub.kind == "body").message_id.ids)
        file_sizes = {stub.attachment_id.id: stub.original_size for stub in stubs if stub.kind == "attachment"}
        for message, values in zip(self, vals_list, strict=True):
            if not message.crm_archived:
                continue
            values["crm_archived"] = True
            if "body" in values and message.id in body_ids:
                values["body"] = placeholder
            for attachment in values.get("attachment_ids") or []:
                if attachment["id"] in file_sizes:
                    attachment.update(crm_archived=True, size=file_sizes[attachment["id"]])
        return vals_list
