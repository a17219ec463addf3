from collections import defaultdict
from typing import NamedTuple

from odoo import api, fields, models, tools
from odoo.tools import SQL


class ArchiveFile(NamedTuple):
    """An attachment of a message about to be archived (``_crm_archive_files``)."""

    message_id: int
    attachment_id: int
    file_size: int
    foreign: bool


class ArchivePlanItem(NamedTuple):
    """One message to archive: its header keys, body and the attachments that leave with it."""

    message_id: int
    model: str
    res_id: int
    body: str
    attachment_ids: tuple
    size: int


class MailMessage(models.Model):
    """The archive engine: moving bodies and attachment contents out and back.

    Bodies are read and written with SQL on purpose: the ORM would sanitize the HTML again
    on restore, and the archive promises the very bytes back.
    """

    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def _crm_archive_keep_ids(self, rows):
        """Ids of the attachments of ``rows`` that must stay in the database because something
        else needs them.

        An attachment stays when it is the file of a binary field (``res_field``), belongs to
        another record than the message's, is attached to another message too, or is referenced
        by any stored many2one/many2many field to ``ir.attachment`` (a record's main attachment,
        an invoice's PDF, a template's files ...).

        :param rows: the ``_crm_archive_files`` rows of the messages
        :return: set of attachment ids
        """
        keep = {row.attachment_id for row in rows if row.foreign}
        ids = [row.attachment_id for row in rows if row.attachment_id not in keep]
        if not ids:
            return keep
        references = [
            SQL("SELECT %s FROM %s WHERE %s = ANY(%s)", SQL.identifier(column), SQL.identifier(table),
                SQL.identifier(column), ids)
            for table, column in self._crm_archive_attachment_references()
        ]  # fmt: skip
        if references:
            keep.update(row[0] for row in self.env.execute_query(SQL(" UNION ").join(references)))
        return keep

    def _crm_archive_files(self):
        """The attachments of the messages of ``self``, as they stand in the database.

        ``foreign`` says the attachment is not the message's own: a binary field's file, a
        file of another record than the message's (a file of the message itself, as
        ``mail.template.send_mail`` stores them, is its own), or a file attached to another
        message too.

        :return: list of :class:`ArchiveFile` in (message id, attachment id) order
        """
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.message_id, a.id, a.file_size,
                       a.res_field IS NOT NULL
                       OR ((a.res_model IS DISTINCT FROM m.model OR coalesce(a.res_id, 0) <> coalesce(m.res_id, 0))
                           AND NOT (a.res_model = 'mail.message' AND a.res_id = m.id))
                       OR EXISTS (SELECT 1 FROM message_attachment_rel o
                                   WHERE o.attachment_id = a.id AND o.message_id <> r.message_id)
                  FROM message_attachment_rel r
                  JOIN ir_attachment a ON a.id = r.attachment_id
                  JOIN mail_message m ON m.id = r.message_id
                 WHERE r.message_id = ANY(%s)
                 ORDER BY r.message_id, a.id
                """,
                list(self.ids),
            )
        )
        return [ArchiveFile(*row) for row in rows]

    @tools.ormcache()
    def _crm_archive_attachment_references(self):
        """:return: (table, column) of every stored relational field that points to attachments,
        except the messages' own ``attachment_ids`` (computed once per registry)"""
        references = set()
        for model in self.env.registry.values():
            # a stub's attachment is emptied already: it never keeps a file in the database
            if (
                model._abstract
                or model._transient
                or not model._auto
                or model._name
                in (
                    "ir.attachment",
                    "crm.mail.archive.stub",
                )
            ):
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
        return tuple(sorted(references))

    def _crm_archive_plan(self, include_attachments=True):
        """What archiving ``self`` would move, without reading any file or writing anything.

        Plain SQL rows, no records: the archive handles thousands of messages a minute and
        the ORM's per-record work would cost more than the storage writes.

        :return: list of :class:`ArchivePlanItem`, only for messages with something to move
        """
        self.env.flush_all()  # plain SQL below: pending writes of messages and attachments first
        # an e-mail still waiting to be sent (or retried) stays whole: its files go out with it
        rows = self.env.execute_query(
            SQL(
                "SELECT m.id, m.model, m.res_id, m.body FROM mail_message m WHERE m.id = ANY(%s) AND %s ORDER BY m.id",
                list(self.ids),
                self._crm_archive_not_in_queue(SQL.identifier("m", "id")),
            )
        )
        files = defaultdict(list)
        if include_attachments:
            found = self._crm_archive_files()
            keep = self._crm_archive_keep_ids(found)
            for row in found:
                if row.file_size and row.attachment_id not in keep:
                    files[row.message_id].append(row)
        plan = []
        for message_id, model, res_id, body in rows:
            body = body or None
            message_files = files.get(message_id, ())
            size = (len(body.encode()) if body else 0) + sum(row.file_size for row in message_files)
            if body or message_files:
                attachment_ids = tuple(row.attachment_id for row in message_files)
                plan.append(ArchivePlanItem(message_id, model, res_id, body, attachment_ids, size))
        return plan

    @api.model
    def _crm_archive_not_in_queue(self, message_id):
        """:param message_id: SQL of a message id column
        :return: SQL condition: no e-mail of the message is waiting to be sent or retried"""
        return SQL(
            "NOT EXISTS (SELECT 1 FROM mail_mail mm "
            "WHERE mm.mail_message_id = %s AND mm.state IN ('outgoing', 'exception'))",
            message_id,
        )

    @staticmethod
    def _crm_archive_key_prefix(root, model, res_id, message_id):
        """Keys of a message's objects start so: one folder per document (not per message:
        creating folders costs more than the writes), under the root of this database
        (``crm.mail.archive.stub._key_root``: its name and identity)."""
        return f"{root}/{model or 'mail.message'}/{res_id or 0}/{message_id}-"

    def _crm_archive(self, storage, rule=None, include_attachments=True, session=None, locked=False):
        """Archive the bodies (and attachment contents) of ``self`` into ``storage``.

        Order of work: every object is written, read back and its SHA-256 checked; only then,
        in the current transaction, the stubs are created and the bodies and contents cleared.
        A storage failure raises before anything is cleared; a transaction rolled back after
        the writes leaves the messages whole (the objects are overwritten by the next run).

        :param storage: ``crm.mail.archive.storage`` record
        :param rule: the ``crm.mail.archive.rule`` applied, if any (statistics)
        :param include_attachments: move the attachments' contents too
        :param session: an open session of ``storage`` to reuse (a run's batches share one)
        :param locked: ``self`` holds only messages not archived yet, locked by the caller
            (a rule's candidates)
        :return: (archived messages, archived bytes of bodies and files)
        :raise ArchiveStorageError: the storage refused a write or gave back other bytes
        """
        messages = self.sudo() if locked else self.sudo()._crm_archive_lock()
        plan = messages._crm_archive_plan(include_attachments)
        if not plan:
            return 0, 0
        session = session or storage._open()
        seal = session.seal
        root = self.env["crm.mail.archive.stub"]._key_root()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .browse([attachment_id for item in plan for attachment_id in item.attachment_ids])
        )
        contents = dict(zip(attachments.ids, attachments.mapped("raw"), strict=True)) if attachments else {}
        stubs = []
        body_ids = []
        moved = 0
        for item in plan:
            prefix = self._crm_archive_key_prefix(root, item.model, item.res_id, item.message_id)
            objects = []
            if item.body:
                objects.append(("body", None, prefix + "body", item.body.encode()))
                body_ids.append(item.message_id)
            for attachment_id in item.attachment_ids:
                objects.append(("attachment", attachment_id, f"{prefix}attachment-{attachment_id}",
                                contents.pop(attachment_id)))  # fmt: skip
            for kind, attachment_id, key, data in objects:
                stored, encrypted = seal(data)
                digest = session.put_verified(key, stored)
                stubs.append((item.message_id, attachment_id, kind, key, len(stored), len(data), digest, encrypted))
            moved += item.size
        # Everything is safely stored: record the stubs and clear, in this one transaction.
        now = fields.Datetime.now()
        self.env["crm.mail.archive.stub"]._create_many(stubs, storage, rule, now)
        archived_ids = [item.message_id for item in plan]
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
        self.env.flush_all()
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
        :raise UserError: an object is missing, damaged or cannot be decrypted, or a body or
            file was changed since it was archived (the restore would overwrite the change)
        """
        messages = self.sudo().filtered("crm_archived")
        messages._crm_archive_check_unchanged()
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
