import hashlib
import logging
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from . import crypto

_logger = logging.getLogger(__name__)


class CrmMailArchiveStub(models.Model):
    """What stays in the database for one archived object (a body or an attachment).

    ``sha256`` is the digest of the bytes stored (after encryption when the storage
    encrypts): it can be verified without the key, and AES-GCM authenticates the
    plaintext on top of it. ``original_size`` is the size of the body or file itself.
    """

    _name = "crm.mail.archive.stub"
    _description = "Archived Mail Object"
    _order = "id"
    _rec_name = "key"

    message_id = fields.Many2one("mail.message", required=True, ondelete="cascade", index=True)
    attachment_id = fields.Many2one("ir.attachment", ondelete="cascade", index="btree_not_null")
    kind = fields.Selection([("body", "Body"), ("attachment", "Attachment")], required=True)
    storage_id = fields.Many2one("crm.mail.archive.storage", required=True, ondelete="restrict", index=True)
    rule_id = fields.Many2one("crm.mail.archive.rule", ondelete="set null", index="btree_not_null")
    key = fields.Char(required=True)
    size = fields.Integer(string="Stored Size", help="Bytes in the storage (encrypted size when encrypted).")
    original_size = fields.Integer(help="Bytes of the body or attachment itself.")
    sha256 = fields.Char(string="SHA-256", required=True)
    encrypted = fields.Boolean()
    archive_date = fields.Datetime(required=True)
    state = fields.Selection(
        [("ok", "Verified"), ("mismatch", "Hash mismatch"), ("missing", "Missing")],
        default="ok",
        required=True,
        help="Outcome of the last verification of the stored object.",
    )
    verify_date = fields.Datetime(string="Last Verified")
    verify_message = fields.Char(string="Verification Result")
    database_uuid = fields.Char(
        string="Written by Database",
        readonly=True,
        help="database.uuid of the database that wrote the object. Only that database deletes it: "
        "a duplicate (a test or staging copy gets a new database.uuid) leaves it in place.",
    )

    @api.model
    def _create_many(self, rows, storage, rule, archive_date):
        """Insert the stubs of one archive batch in one statement.

        The archive engine makes thousands of them per run and they have no computed field,
        default or constraint beyond the columns given, so the ORM's per-record create is
        skipped (it cost a third of the run's time).

        :param rows: (message id, attachment id or None, kind, key, size, original size,
            sha256, encrypted) tuples
        :param storage: the ``crm.mail.archive.storage`` of every stub
        :param rule: the ``crm.mail.archive.rule`` applied, or an empty recordset / None
        :param archive_date: the archive date of every stub
        """
        if not rows:
            return
        columns = zip(*rows, strict=True)
        types = ("int4", "int4", "varchar", "varchar", "int4", "int4", "varchar", "bool")
        arrays = SQL(", ").join(SQL(f"%s::{kind}[]", list(values)) for kind, values in zip(types, columns, strict=True))
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                "INSERT INTO crm_mail_archive_stub "
                "(message_id, attachment_id, kind, key, size, original_size, sha256, encrypted, storage_id, "
                "rule_id, archive_date, database_uuid, state, create_uid, create_date, write_uid, write_date) "
                "SELECT *, %s, %s, %s, %s, 'ok', %s, %s, %s, %s FROM unnest(%s)",
                storage.id,
                rule.id if rule else None,
                archive_date,
                self._database_uuid(),
                self.env.uid,
                now,
                self.env.uid,
                now,
                arrays,
            )
        )

    @api.model
    def _database_uuid(self):
        """:return: the identity of this database (a duplicate gets a new one)"""
        return self.env["ir.config_parameter"].sudo().get_param("database.uuid")

    @api.model
    def _key_root(self):
        """:return: the first folder of every key this database writes: its name and identity, so
        that a copy of the database (even restored under the same name) never writes over the
        objects of the original"""
        return f"{self.env.cr.dbname}-{self._database_uuid()}"

    @api.model
    def _statistics(self, field_name, ids):
        """:return: {id: (archived messages, archived bytes)} grouped by ``field_name``"""
        if not ids:
            return {}
        groups = self.sudo()._read_group(
            [(field_name, "in", ids)], [field_name], ["message_id:count_distinct", "original_size:sum"]
        )
        return {record.id: (count, size or 0) for record, count, size in groups}

    def _load(self, session=None):
        """Read the stored object, check its hash and decrypt it.

        :param session: an open storage session to reuse (optional)
        :return: the original bytes
        :raise UserError: the object is missing, damaged or cannot be decrypted; the stub
            is marked so and nothing is returned, so a damaged copy is never served
        """
        self.ensure_one()
        session = session or self.storage_id._open()
        try:
            blob = session.get(self.key)
        except FileNotFoundError:
            self._mark("missing", _("The stored object is missing."))
            raise UserError(
                _(
                    "The archived copy %(key)s is missing from storage %(storage)s.",
                    key=self.key,
                    storage=self.storage_id.name,
                )
            ) from None
        if hashlib.sha256(blob).hexdigest() != self.sha256:
            self._mark("mismatch", _("The stored object does not match its SHA-256."))
            raise UserError(
                _(
                    "The archived copy %(key)s in storage %(storage)s is damaged (SHA-256 mismatch).",
                    key=self.key,
                    storage=self.storage_id.name,
                )
            )
        if not self.encrypted:
            return blob
        key = self.storage_id._encryption_key()
        try:
            return crypto.decrypt(key, blob)
        except crypto.ArchiveDecryptError as exc:
            recorded = self.storage_id.key_fingerprint
            if recorded and recorded != crypto.fingerprint(key):
                reason = _(
                    "the server's crm_mail_archive_key is not the key storage %(storage)s was encrypted with",
                    storage=self.storage_id.name,
                )
            else:
                reason = self._decrypt_error_reason()
            raise UserError(
                _("The archived copy %(key)s cannot be decrypted: %(reason)s", key=self.key, reason=reason)
            ) from exc

    def _delete_objects_after_commit(self, sessions=None):
        """Delete the stored objects of ``self`` once the current transaction is committed
        (never before: a rollback must find them). A failure leaves an orphan object, logged;
        it never blocks the deletion or the restore itself. Objects written by another database
        (``database_uuid``: this one is a duplicate of it) are left in place, as they are still
        that database's archive.

        :param sessions: open storage sessions by storage id, to reuse
        """
        if not self:
            return
        sessions = dict(sessions or {})
        own = self._database_uuid()
        foreign = self.filtered(lambda stub: stub.database_uuid != own)
        if foreign:
            _logger.info(
                "Mail archive: %s stored object(s) written by another database (e.g. the production "
                "database this one was copied from) left in place",
                len(foreign),
            )
        doomed = [(stub.storage_id, stub.key) for stub in self - foreign]

        @self.env.cr.postcommit.add
        def delete_objects():
            for storage, key in doomed:
                try:
                    if storage.id not in sessions:
                        sessions[storage.id] = storage._open()
                    sessions[storage.id].delete(key)
                except UserError as exc:  # an orphan object is harmless; the deletion is committed
                    _logger.info("Mail archive: stored object %s left in place (%s)", key, exc)

    def _mark(self, state, message):
        """Record a verification outcome in its own transaction, so that it survives the error raised after it."""
        values = {"state": state, "verify_date": fields.Datetime.now(), "verify_message": message}
        if self.env.registry.in_test_mode():
            self.sudo().write(values)
            return
        with self.env.registry.cursor() as cr:
            self.with_env(self.env(cr=cr)).sudo().write(values)

    def _verify(self):
        """Re-read every object of ``self`` and check its hash; record the outcome.

        The encrypted objects of a storage whose recorded key fingerprint is not that of the
        configured key are not read: the server cannot tell a damaged object from one encrypted
        with the storage's own key, so they keep their last outcome instead of all being
        flagged as damaged, and the reason is returned.

        :return: {"ok": n, "mismatch": n, "missing": n, "unverified": n, "reasons": [why the
            unverified objects were not verified, one text per storage]}
        """
        counts = defaultdict(int, reasons=[])
        for storage, stubs in self.grouped("storage_id").items():
            unverified = stubs.filtered("encrypted") if (configured := storage._key_mismatch()) else self.browse()
            if unverified:
                counts["unverified"] += len(unverified)
                counts["reasons"].append(
                    _(
                        "Storage %(storage)s: the crm_mail_archive_key of this server (fingerprint %(configured)s) "
                        "is not the key its objects were encrypted with (fingerprint %(stored)s); %(count)s "
                        "encrypted objects were not verified and are not marked damaged.",
                        storage=storage.name,
                        configured=configured,
                        stored=storage.key_fingerprint,
                        count=len(unverified),
                    )
                )
                stubs -= unverified
            if not stubs:
                continue
            session = storage._open()
            for stub in stubs:
                try:
                    blob = session.get(stub.key)
                except FileNotFoundError:
                    state, message = "missing", _("The stored object is missing.")
                else:
                    if hashlib.sha256(blob).hexdigest() != stub.sha256:
                        state, message = "mismatch", _("The stored object does not match its SHA-256.")
                    elif stub.encrypted and (reason := stub._decrypt_failure(blob)):
                        # intact, but unreadable with the key this server has: as good as damaged
                        state, message = "mismatch", reason
                    else:
                        state, message = "ok", _("SHA-256 matches.")
                stub.write({"state": state, "verify_date": fields.Datetime.now(), "verify_message": message})
                counts[state] += 1
        return counts

    def _decrypt_failure(self, blob):
        """:return: why the encrypted ``blob`` of this stub cannot be decrypted with the key of
        the server configuration (AES-GCM authenticates it), or None when it can"""
        try:
            crypto.decrypt(self.storage_id._encryption_key(), blob)
        except crypto.ArchiveDecryptError:
            reason = self._decrypt_error_reason()
        except UserError as exc:  # no key configured
            reason = exc.args[0]
        else:
            return None
        return _("The stored object cannot be decrypted with the configured key: %(reason)s", reason=reason)

    @api.model
    def _decrypt_error_reason(self):
        """:return: why AES-GCM refused an object, in the user's language (``crypto`` speaks English)"""
        return _("wrong key or damaged object")

    @api.model
    def _verify_notification(self, counts):
        """:param counts: what :meth:`_verify` returned
        :return: the ``display_notification`` parameters that report it"""
        message = _(
            "%(ok)s verified, %(mismatch)s damaged, %(missing)s missing.",
            ok=counts["ok"],
            mismatch=counts["mismatch"],
            missing=counts["missing"],
        )
        trouble = bool(counts["mismatch"] or counts["missing"] or counts["unverified"])
        return {
            "type": "danger" if trouble else "success",
            "message": " ".join([message, *counts["reasons"]]),
            "sticky": trouble,
        }

    def action_verify(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": self._verify_notification(self._verify()),
        }

    @api.model
    def _cron_verify(self, batch_size=200):
        """Monthly: re-read every object not verified since the run started, in batches.

        Committed per batch outside tests, so a killed run resumes where it stopped.
        """
        started = fields.Datetime.now()
        domain = ["|", ("verify_date", "=", False), ("verify_date", "<", started)]
        other_key = self.env["crm.mail.archive.storage"].sudo().with_context(active_test=False)
        other_key = other_key.search([("key_fingerprint", "!=", False)])
        other_key = other_key.filtered(lambda storage: storage._key_mismatch())
        if other_key and self.search_count([*domain, ("storage_id", "in", other_key.ids), ("encrypted", "=", True)]):
            _logger.error(
                "Mail archive of database %s: the encrypted objects of storages %s are not verified, the "
                "configured crm_mail_archive_key is not the key they were encrypted with.",
                self.env.cr.dbname,
                ", ".join(f"{storage.name} ({storage.key_fingerprint})" for storage in other_key),
            )
        remaining = self.search_count(domain)
        done, last_id = 0, 0
        # by id: the objects left unverified keep their date and must not be found again
        while stubs := self.search([*domain, ("id", ">", last_id)], order="id", limit=batch_size):
            stubs._verify()
            done += len(stubs)
            last_id = stubs[-1].id
            remaining = max(remaining - len(stubs), 0)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            self.env["crm.mail.archive.rule"]._commit_batch()
        return done
