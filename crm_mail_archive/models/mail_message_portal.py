import logging

from markupsafe import Markup

from odoo import _, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class MailMessage(models.Model):
    """The customer portal's chatter: archived messages are shown whole to their portal readers."""

    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def _message_fetch(self, domain, search_term=None, before=None, after=None, around=None, limit=30):
        """In the portal chatter (``crm_archive_portal_fetch`` context of ``/mail/chatter_fetch``),
        the condition "has a body" also accepts archived messages, whose body is in the storage."""
        if self.env.context.get("crm_archive_portal_fetch"):
            body_leaf = ("body", "!=", "")
            domain = [
                term
                for leaf in domain
                for term in (["|", body_leaf, ("crm_archived", "=", True)] if tuple(leaf) == body_leaf else [leaf])
            ]
        return super()._message_fetch(
            domain, search_term=search_term, before=before, after=after, around=around, limit=limit
        )

    def portal_message_format(self, options=None):
        """The portal chatter (``/mail/chatter_fetch``) shows archived bodies loaded from the
        storage, as the backend's *Open archived message* does: the route checked the reader's
        access (document token or portal rules) and ``super`` checks the read access to the
        messages. The ``crm_archived`` mark stays; a missing or damaged copy is never shown,
        its body says why instead."""
        vals_list = super().portal_message_format(options=options)
        # sudo: the stubs are admin-only; the access to the messages was checked above
        stubs = self.sudo().filtered("crm_archived").crm_archive_stub_ids.filtered(lambda stub: stub.kind == "body")
        if not stubs:
            return vals_list
        bodies = {}
        sessions = {}
        for stub in stubs:
            try:
                session = sessions.get(stub.storage_id.id) or sessions.setdefault(
                    stub.storage_id.id, stub.storage_id._open()
                )
                # the very bytes of the body field, sanitized when the message was written
                bodies[stub.message_id.id] = Markup(stub._load(session).decode())
            except UserError as exc:
                # the reason names the storage and the object's key: for the staff, not the
                # customer (verification and the log report it to the administrator)
                reason = exc.args[0]
                _logger.info("Archived body of message %s not shown in the portal: %s", stub.message_id.id, reason)
                if not self.env.user._is_internal():
                    reason = _("This message is kept in our mail archive and cannot be shown right now.")
                bodies[stub.message_id.id] = Markup('<p class="o_crm_archived_placeholder text-danger">%s</p>') % reason
        for values in vals_list:
            if values.get("id") in bodies and "body" in values:
                values["body"] = bodies[values["id"]]
        return vals_list

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
