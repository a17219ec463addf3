from werkzeug.exceptions import ServiceUnavailable

from odoo import _, models
from odoo.exceptions import UserError
from odoo.http import Stream
from odoo.tools import SQL

from odoo.addons.mail.tools.discuss import Store


class IrAttachment(models.Model):
    """Archived attachments read as they were: from the storage, never as an empty file.

    An archived attachment keeps its record (name, type, links, access token) with its content
    cleared; whoever may read the attachment (Odoo's own rules, checked before these methods are
    reached: ``ir.binary._find_record`` for ``/web/content`` and ``/web/image``, the ORM for
    ``raw``/``datas``) gets its bytes loaded from the storage and checked against the stub's
    SHA-256. A missing or damaged copy raises a clear error instead of an empty file.
    """

    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def _crm_archive_stubs(self):
        """:return: {attachment id: its ``crm.mail.archive.stub``} for the archived attachments of ``self``"""
        # only emptied attachments can be archived ones: the others cost no query
        candidates = self.filtered(lambda att: not att.file_size and not att.store_fname and not att.url)
        if not candidates:
            return {}
        # sudo: the stubs are admin-only; the caller's right on the attachment is checked by the callers
        stubs = (
            self.env["crm.mail.archive.stub"]
            .sudo()
            .search([("attachment_id", "in", candidates.ids), ("kind", "=", "attachment")], order="id")
        )
        return {stub.attachment_id.id: stub for stub in stubs}

    def _compute_raw(self):
        result = super()._compute_raw()
        for attachment_id, stub in self._crm_archive_stubs().items():
            self.browse(attachment_id).raw = stub._load()
        return result

    def _to_http_stream(self):
        """``/web/content``, ``/web/image`` and the portal's links stream an archived file from
        the storage (as data: the storage is never exposed); a missing or damaged copy answers
        503 with the reason instead of an empty file."""
        stub = self._crm_archive_stubs().get(self.id)
        if not stub:
            return super()._to_http_stream()
        try:
            data = stub._load()
        except UserError as exc:
            # not a UserError: /web/content would turn it into a bare 404
            raise ServiceUnavailable(
                _(
                    "The file %(name)s is in the mail archive, but it cannot be read from there: %(reason)s",
                    name=self.name,
                    reason=exc.args[0],
                )
            ) from exc
        return Stream(
            type="data",
            data=data,
            size=len(data),
            mimetype=self.mimetype,
            download_name=self.name,
            etag=stub.sha256,
            last_modified=stub.archive_date,
            public=self.public,
        )

    def _to_store(self, store: Store, /, *, fields=None, extra_fields=None):
        """The chatter's files (panel and lists) show archived files with their real size and
        an ``crm_archived`` mark."""
        result = super()._to_store(store, fields=fields, extra_fields=extra_fields)
        for attachment_id, stub in self._crm_archive_stubs().items():
            store.add(self.browse(attachment_id), {"crm_archived": True, "size": stub.original_size})
        return result

    def unlink(self):
        """Removing an archived file (from its message or its record) takes its archived copy
        with it once the deletion is committed; a message left without archived objects is no
        longer marked archived."""
        # sudo: the stubs are admin-only; the caller's right to delete the files is checked by super
        stubs = self.env["crm.mail.archive.stub"].sudo().search([("attachment_id", "in", self.ids)])
        message_ids = stubs.message_id.ids
        stubs._delete_objects_after_commit()
        result = super().unlink()
        if message_ids:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET crm_archived = FALSE, crm_archive_date = NULL "
                    "WHERE id = ANY(%s) AND crm_archived AND NOT EXISTS "
                    "(SELECT 1 FROM crm_mail_archive_stub s WHERE s.message_id = mail_message.id)",
                    message_ids,
                )
            )
            self.env["mail.message"].browse(message_ids).invalidate_recordset(
                ["crm_archived", "crm_archive_date", "crm_archive_stub_ids"]
            )
        return result
