from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError

from odoo.addons.mail.tools.discuss import Store


class MailMessage(models.Model):
    """Archived messages keep their header; the body and files are loaded on demand."""

    _inherit = "mail.message"

    crm_archived = fields.Boolean(string="Archived to Storage", readonly=True, copy=False, index="btree_not_null")
    crm_archive_date = fields.Datetime(string="Archived to Storage On", readonly=True, copy=False)
    crm_archive_stub_ids = fields.One2many(
        "crm.mail.archive.stub", "message_id", string="Archived Objects", groups="base.group_system"
    )

    def _to_store(self, store: Store, /, *, fields=None, **kwargs):
        """Archived messages reach the web client with a placeholder body, without their
        emptied files, and flagged ``crm_archived`` so the chatter can load them on demand."""
        result = super()._to_store(store, fields=fields, **kwargs)
        placeholder = self._crm_archive_placeholder()
        for message in self:
            values = {"crm_archived": message.crm_archived}
            if message.crm_archived and (fields is None or "body" in fields):
                # sudo: the stubs are admin-only; the caller may read the message, hence its header
                stubs = message.sudo().crm_archive_stub_ids
                if stubs.filtered(lambda stub: stub.kind == "body"):
                    values["body"] = placeholder
                archived = stubs.attachment_id
                values["attachment_ids"] = Store.many((message.sudo().attachment_ids - archived).sorted("id"))
            store.add(message, values)
        return result

    def _crm_archive_placeholder(self):
        """:return: the HTML shown instead of an archived body (chatter, portal)"""
        return Markup('<p class="o_crm_archived_placeholder"><i class="fa fa-archive me-1"></i>%s</p>') % _(
            "The body of this message is in the mail archive."
        )

    def crm_archive_read(self):
        """Load an archived message's body and the list of its archived files (RPC).

        The caller must be allowed to read the message itself (the same rules as for the
        original message: its record's access); storage is never exposed, files are served
        by ``/crm_mail_archive/attachment/<stub id>`` under the same check.

        :return: {"body": html, "attachments": [{"id", "name", "mimetype", "size", "url"}]}
        :raise AccessError: the caller cannot read the message
        :raise UserError: a stored object is missing or damaged (never served)
        """
        self.ensure_one()
        self.check_access("read")
        message = self.sudo()
        if not message.crm_archived:
            return {"body": str(message.body or ""), "attachments": []}
        body = ""
        attachments = []
        session = None
        for stub in message.crm_archive_stub_ids:
            session = session or stub.storage_id._open()
            if stub.kind == "body":
                body = stub._load(session).decode()
            else:
                attachments.append(
                    {
                        "id": stub.id,
                        "name": stub.attachment_id.name,
                        "mimetype": stub.attachment_id.mimetype,
                        "size": stub.original_size,
                        "url": f"/crm_mail_archive/attachment/{stub.id}",
                    }
                )
        return {"body": body, "attachments": attachments}

    def _crm_archive_check_reader(self):
        """:raise AccessError: the current user cannot read the message (used by the file route)."""
        self.ensure_one()
        try:
            self.check_access("read")
        except AccessError as exc:
            raise AccessError(_("You are not allowed to read this archived message.")) from exc

    def crm_archive_restore_to_store(self):
        """Restore from the chatter (administrators): :return: the message for the web client's store."""
        self.action_crm_archive_restore()
        return Store(self).get_result()

    def action_crm_archive_restore(self):
        """Restore button (chatter, list): administrators only."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only administrators can restore archived messages."))
        count = self._crm_archive_restore()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s message(s) restored from the archive.", count=count),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
