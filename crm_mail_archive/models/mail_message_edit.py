from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class MailMessage(models.Model):
    """Edits of archived messages: the edit wins, the archived copy never overwrites it."""

    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        """A change of the body or the files of an archived message restores it first, so the
        change applies to the real message and no later restore can overwrite it."""
        if "body" in vals or "attachment_ids" in vals:
            self._crm_archive_restore_before_edit()
        return super().write(vals)

    def _crm_archive_restore_before_edit(self):
        """Restore the archived messages of ``self`` that are about to be edited.

        :raise UserError: the storage cannot give the archived copy back (the edit is refused
            with the reason rather than applied to an emptied message)
        """
        # sudo: restoring is part of the edit the caller is allowed to make (checked by the edit)
        archived = self.sudo().filtered("crm_archived")
        if archived:
            archived._crm_archive_restore()

    def _crm_archive_check_unchanged(self):
        """Refuse to restore a message whose body or files changed since they were archived
        (written around the archive): the restore would silently overwrite the change.

        :raise UserError: naming the changed messages
        """
        stubs = self.sudo().crm_archive_stub_ids
        body_ids = stubs.filtered(lambda stub: stub.kind == "body").message_id.ids
        file_ids = stubs.filtered(lambda stub: stub.kind == "attachment").attachment_id.ids
        changed = set()
        self.flush_model(["body"])
        self.env["ir.attachment"].flush_model(["file_size", "store_fname", "db_datas"])
        if body_ids:
            rows = self.env.execute_query(
                SQL("SELECT id FROM mail_message WHERE id = ANY(%s) AND coalesce(body, '') <> ''", body_ids)
            )
            changed.update(row[0] for row in rows)
        if file_ids:
            rows = self.env.execute_query(
                SQL(
                    "SELECT m.message_id FROM message_attachment_rel m JOIN ir_attachment a ON a.id = m.attachment_id "
                    "WHERE a.id = ANY(%s) AND m.message_id = ANY(%s) "
                    "AND (a.file_size > 0 OR a.store_fname IS NOT NULL OR a.db_datas IS NOT NULL)",
                    file_ids,
                    self.ids,
                )
            )
            changed.update(row[0] for row in rows)
        if changed:
            messages = self.browse(sorted(changed)).sudo()
            raise UserError(
                _(
                    "These messages were changed after they were archived, so restoring them would "
                    "overwrite the change: %(messages)s. Their current text and files stay as they are; "
                    "delete their archived copies (Archived Mail Objects) if the change is right.",
                    messages=", ".join(f"#{m.id} {m.subject or m.record_name or ''}".strip() for m in messages),
                )
            )
