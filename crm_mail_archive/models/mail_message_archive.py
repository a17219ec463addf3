from odoo import fields, models
from odoo.tools import SQL


class MailMessage(models.Model):
    """The archive engine: moving bodies and attachment contents out and back.

    Bodies are read and written with SQL on purpose: the ORM would sanitize the HTML again
    on restore, and the archive promises the very bytes back.
    """

    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def _crm_archive_keep_attachments(self):
        """Attachments of ``self`` that must stay in the database because something else needs them.

        An attachment stays when it is the file of a binary field (``res_field``), belongs to
        another record than the message's, is attached to another message too, or is referenced
        by any stored many2one/many2many field to ``ir.attachment`` (a record's main attachment,
        an invoice's PDF, a template's files ...).
        """
        attachments = self.attachment_ids
        if not attachments:
            return attachments
        keep = set()
        for message in self:
            for attachment in message.attachment_ids:
                if attachment.res_field or attachment.res_model != message.model or attachment.res_id != message.res_id:
                    keep.add(attachment.id)
        ids = list(attachments.ids)
        shared = self.env.execute_query(
            SQL(
                "SELECT attachment_id FROM message_attachment_rel WHERE attachment_id = ANY(%s) "
                "GROUP BY attachment_id HAVING count(*) > 1",
                ids,
            )
        )
        keep.update(row[0] for row in shared)
        for table, column in self._crm_archive_attachment_references():
            rows = self.env.execute_query(
                SQL(
                    "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    ids,
                )
            )
            keep.update(row[0] for row in rows)
        return attachments.browse(sorted(keep))

    def _crm_archive_attachment_references(self):
        """:return: (table, column) of every stored relational field that points to attachments,
        except the messages' own ``attachment_ids``"""
        references = set()
        for model in self.env.registry.values():
            if model._abstract or model._transient or not model._auto or model._name == "ir.attachment":
                continue
            for field in model._fields.values():
                if field.comodel_name != "ir.attachment" or not field.store:
                    continue
                if field.type == "many2one" and field.column_type:
                    references.add((model._table, field.name))
                elif field.type == "many2many" and not (
                    model._name == "mail.message" and field.name == "attachment_ids"
                ):
                    references.add((field.relation, field.column2))
        return sorted(references)

    def _crm_archive_plan(self, include_attachments=True):
        """What archiving ``self`` would move, without reading or writing any content.

        :return: list of (message, body or None, attachments to move, bytes to move),
            only for messages with something to move
        """
        # only the header fields needed; the ORM would otherwise load every body a second time
        self.fetch(["model", "res_id", "attachment_ids"])
        bodies = dict(
            self.env.execute_query(SQL("SELECT id, body FROM mail_message WHERE id = ANY(%s)", list(self.ids)))
        )
        keep = self._crm_archive_keep_attachments() if include_attachments else self.attachment_ids
        plan = []
        for message in self:
            body = bodies.get(message.id) or None
            attachments = (
                (message.attachment_ids - keep).filtered("file_size") if include_attachments else keep.browse()
            )
            size = len(body.encode()) if body else 0
            size += sum(attachments.mapped("file_size"))
            if body or attachments:
                plan.append((message, body, attachments, size))
        return plan

    def _crm_archive_key(self, suffix):
        """One folder per document (not per message: creating folders costs more than the writes)."""
        return f"{self.env.cr.dbname}/{self.model or 'mail.message'}/{self.res_id or 0}/{self.id}-{suffix}"

    def _crm_archive(self, storage, rule=None, include_attachments=True):
        """Archive the bodies (and attachment contents) of ``self`` into ``storage``.

        Order of work: every object is written, read back and its SHA-256 checked; only then,
        in the current transaction, the stubs are created and the bodies and contents cleared.
        A storage failure raises before anything is cleared; a transaction rolled back after
        the writes leaves the messages whole (the objects are overwritten by the next run).

        :param storage: ``crm.mail.archive.storage`` record
        :param rule: the ``crm.mail.archive.rule`` applied, if any (statistics)
        :param include_attachments: move the attachments' contents too
        :return: (archived messages, archived bytes of bodies and files)
        :raise ArchiveStorageError: the storage refused a write or gave back other bytes
        """
        messages = self.sudo()._crm_archive_lock()
        plan = messages._crm_archive_plan(include_attachments)
        if not plan:
            return 0, 0
        session = storage._open()
        now = fields.Datetime.now()
        stub_vals = []
        body_ids = []
        attachments = self.env["ir.attachment"].sudo()
        moved = 0
        for message, body, message_attachments, size in plan:
            objects = []
            if body:
                objects.append(("body", False, message._crm_archive_key("body"), body.encode()))
                body_ids.append(message.id)
            for attachment in message_attachments:
                key = message._crm_archive_key(f"attachment-{attachment.id}")
                objects.append(("attachment", attachment.id, key, attachment.raw))
            for kind, attachment_id, key, data in objects:
                stored, encrypted = storage._seal(data)
                digest = session.put_verified(key, stored)
                stub_vals.append(
                    {
                        "message_id": message.id,
                        "attachment_id": attachment_id,
                        "kind": kind,
                        "storage_id": storage.id,
                        "rule_id": rule.id if rule else False,
                        "key": key,
                        "size": len(stored),
                        "original_size": len(data),
                        "sha256": digest,
                        "encrypted": encrypted,
                        "archive_date": now,
                    }
                )
            attachments |= message_attachments
            moved += size
        # Everything is safely stored: record the stubs and clear, in this one transaction.
        self.env["crm.mail.archive.stub"]._create_many(stub_vals)
        archived_ids = [message.id for message, *_rest in plan]
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message SET crm_archived = TRUE, crm_archive_date = %s, "
                "body = CASE WHEN id = ANY(%s) THEN '' ELSE body END WHERE id = ANY(%s)",
                now,
                body_ids,
                archived_ids,
            )
        )
        if attachments:
            attachments._crm_archive_clear()
        messages.invalidate_recordset(["body", "crm_archived", "crm_archive_date", "crm_archive_stub_ids"])
        return len(archived_ids), moved

    def _crm_archive_lock(self):
        """Lock the messages of ``self`` not archived yet; skip those another worker holds."""
        if not self:
            return self
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM mail_message WHERE id = ANY(%s) AND crm_archived IS NOT TRUE "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                list(self.ids),
            )
        )
        return self.browse([row[0] for row in rows])

    def unlink(self):
        """A deleted message takes its archived copies with it, once the deletion is committed."""
        stubs = self.env["crm.mail.archive.stub"].sudo().search([("message_id", "in", self.ids)])
        stubs._delete_objects_after_commit()
        return super().unlink()

    def _crm_archive_restore(self):
        """Put the archived bodies and attachments of ``self`` back into the database, byte for byte.

        Every object is read and checked first; a missing or damaged one stops the restore
        before anything is written. The stored objects are deleted only after the commit.

        :return: number of restored messages
        :raise UserError: an object is missing, damaged or cannot be decrypted
        """
        messages = self.sudo().filtered("crm_archived")
        stubs = messages.crm_archive_stub_ids
        loaded = []
        sessions = {}
        for stub in stubs:
            session = sessions.get(stub.storage_id.id) or sessions.setdefault(
                stub.storage_id.id, stub.storage_id._open()
            )
            loaded.append((stub, stub._load(session)))
        for stub, data in loaded:
            if stub.kind == "body":
                self.env.cr.execute(
                    SQL("UPDATE mail_message SET body = %s WHERE id = %s", data.decode(), stub.message_id.id)
                )
            else:
                stub.attachment_id._set_attachment_data(lambda attachment, data=data: data)
        stubs._delete_objects_after_commit(sessions)
        stubs.unlink()
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message SET crm_archived = FALSE, crm_archive_date = NULL WHERE id = ANY(%s)",
                list(messages.ids),
            )
        )
        messages.invalidate_recordset(["body", "crm_archived", "crm_archive_date", "crm_archive_stub_ids"])

        return len(messages)
