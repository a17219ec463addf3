import hashlib
import json
import logging
import os
import posixpath
import uuid

import fsspec
from fsspec.implementations.local import LocalFileSystem

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import config

from . import crypto

_logger = logging.getLogger(__name__)
MADE_DIRS_KEPT = 10_000  # folders a session remembers having made
KEY_CHECK_TRIES = 20  # newest encrypted objects read to check a key before the storage takes it


class ArchiveStorageError(UserError):
    """The storage refused an operation; the message says which and why, never the credentials."""


class CrmMailArchiveStorage(models.Model):
    """Where archived mail bodies and attachments go: any fsspec file system.

    ``protocol`` is an fsspec protocol name (``file`` for a local or mounted folder,
    ``webdav``, ``s3``, ``sftp`` ...), ``root_path`` the folder inside it, ``options``
    the keyword arguments of that file system as a JSON object (host, credentials ...).
    Options are readable by administrators only and never appear in a log or an error.
    """

    _name = "crm.mail.archive.storage"
    _description = "Mail Archive Storage"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    protocol = fields.Char(
        required=True,
        default="file",
        help="fsspec protocol: file (local or mounted folder), webdav, s3, sftp, ...",
    )
    root_path = fields.Char(
        required=True,
        help="Folder inside the storage under which archived objects are written.",
    )
    options = fields.Text(
        default="{}",
        groups="base.group_system",
        help="Options of the fsspec file system as a JSON object, e.g. "
        '{"base_url": "https://dav.example.com", "auth": ["user", "password"]}.',
    )
    encrypt = fields.Boolean(
        string="Encrypt at Rest",
        help="Encrypt every object with AES-256-GCM; the key is crm_mail_archive_key "
        "in the Odoo server configuration file.",
    )
    key_fingerprint = fields.Char(
        readonly=True,
        copy=False,
        help="Fingerprint of the key this storage's objects are encrypted with (not the key itself), "
        "recorded at the first encrypted object, or when the storage already holds encrypted objects, "
        "at the first key that decrypts them: a server started with another key is refused "
        "before it writes anything and reported at Test Connection and at start.",
    )
    read_only = fields.Boolean(
        help="Archived mail is read and restored from this storage, but nothing is written to it "
        "or deleted from it. Set on every storage of a neutralized copy of the database.",
    )
    last_test_date = fields.Datetime(readonly=True)
    last_test_result = fields.Char(readonly=True)
    stub_ids = fields.One2many("crm.mail.archive.stub", "storage_id")
    message_count = fields.Integer(compute="_compute_statistics", string="Archived Messages")
    archived_bytes = fields.Float(compute="_compute_statistics")

    @api.depends("stub_ids")
    def _compute_statistics(self):
        stats = self.env["crm.mail.archive.stub"]._statistics("storage_id", self.ids)
        for storage in self:
            storage.message_count, storage.archived_bytes = stats.get(storage.id, (0, 0))

    @api.constrains("protocol", "root_path")
    def _check_root_path(self):
        """A local folder is named from the file system's root: a relative path would be
        resolved from wherever the server was started, and lost at the next restart."""
        for storage in self:
            if storage.protocol == "file" and not os.path.isabs((storage.root_path or "").removeprefix("file://")):
                raise ValidationError(
                    _(
                        "Storage %(name)s: the root path of a local folder must be absolute, "
                        "e.g. /srv/odoo-mail-archive.",
                        name=storage.name,
                    )
                )

    @api.constrains("options")
    def _check_options(self):
        for storage in self:
            storage._parse_options()

    @api.constrains("encrypt")
    def _check_encrypt(self):
        if any(self.mapped("encrypt")):
            self._encryption_key()

    def _register_hook(self):
        """Refuse to start with an unusable key rather than fail at the first archive run."""
        super()._register_hook()
        if config.get("crm_mail_archive_key"):
            configured = crypto.fingerprint(self._encryption_key())
            other = self.sudo().search([("key_fingerprint", "!=", False), ("key_fingerprint", "!=", configured)])
            if other:
                _logger.error(
                    "Mail archive of database %s: the configured crm_mail_archive_key (fingerprint %s) is not the "
                    "key storages %s were encrypted with: their archived mail cannot be read and nothing will be "
                    "archived to them until the right key is configured.",
                    self.env.cr.dbname,
                    configured,
                    ", ".join(f"{storage.name} ({storage.key_fingerprint})" for storage in other),
                )

    # ------------------------------------------------------------------ configuration
    def _parse_options(self):
        try:
            options = json.loads(self.sudo().options or "{}")
        except ValueError as exc:
            raise ValidationError(
                _("The options of storage %(name)s are not valid JSON: %(reason)s", name=self.name, reason=exc)
            ) from exc
        if not isinstance(options, dict):
            raise ValidationError(_("The options of storage %(name)s must be a JSON object.", name=self.name))
        return options

    @api.model
    def _encryption_key(self):
        """:return: the AES key from the server configuration file
        :raise UserError: no key configured, or a key of the wrong length
        """
        text = config.get("crm_mail_archive_key")
        if not text:
            raise UserError(
                _(
                    "Encryption at rest needs crm_mail_archive_key in the Odoo server configuration file "
                    "(URL-safe base64 of 32 random bytes)."
                )
            )
        try:
            return crypto.parse_key(text)
        except crypto.ArchiveKeyError as exc:
            raise UserError(_("The mail archive key in the server configuration is unusable: %s", exc)) from exc

    def _sealer(self, session=None):
        """:param session: an open :class:`StorageSession` on this storage to reuse (optional)
        :return: a function of the bytes of one object giving (bytes to store, whether they
            are encrypted); the key is read once, not per object
        :raise UserError: encryption is on and the key is missing, unusable or not the storage's"""
        self.ensure_one()
        if not self.encrypt:
            return lambda data: (data, False)
        key = self._encryption_key()
        self._check_key_fingerprint(key, session)
        return lambda data: (crypto.encrypt(key, data), True)

    def _check_key_fingerprint(self, key, session=None):
        """Record the fingerprint of ``key`` on a storage that has none yet; refuse a key that
        is not the one the storage's objects are encrypted with.

        A storage without a fingerprint may already hold encrypted objects (written before
        fingerprints were recorded): ``key`` is recorded only if it decrypts them, so that a
        server first started with a wrong key cannot make that key the storage's.

        :param session: an open :class:`StorageSession` on this storage to reuse (optional)
        :raise ArchiveStorageError: the configured key differs from the recorded one, or cannot
            decrypt the objects already stored (an archive run stops before writing anything,
            as when the storage is down)
        """
        self.ensure_one()
        configured = crypto.fingerprint(key)
        if not self.key_fingerprint:
            self._check_key_decrypts_stored_objects(key, session)
            self.sudo().key_fingerprint = configured
        elif self.key_fingerprint != configured:
            raise ArchiveStorageError(
                _(
                    "Storage %(storage)s is encrypted with another key (fingerprint %(stored)s) than the "
                    "crm_mail_archive_key of this server (fingerprint %(configured)s): nothing was written. "
                    "Configure the key the storage was encrypted with, or archive to a new storage.",
                    storage=self.name,
                    stored=self.key_fingerprint,
                    configured=configured,
                )
            )

    def _check_key_decrypts_stored_objects(self, key, session=None):
        """Check that ``key`` decrypts the newest intact encrypted object of this storage
        (missing or damaged ones are skipped, up to ``KEY_CHECK_TRIES`` objects). A storage
        without encrypted objects takes any key.

        :param session: an open :class:`StorageSession` on this storage to reuse (optional)
        :raise ArchiveStorageError: the key does not decrypt that object, or no intact object
            was found to check it with
        """
        self.ensure_one()
        stubs = (
            self.env["crm.mail.archive.stub"]
            .sudo()
            .search([("storage_id", "=", self.id), ("encrypted", "=", True)], order="id desc", limit=KEY_CHECK_TRIES)
        )
        if not stubs:
            return
        session = session or self._open()
        for stub in stubs:
            try:
                blob = session.get(stub.key)
            except FileNotFoundError:
                continue
            if hashlib.sha256(blob).hexdigest() != stub.sha256:
                continue
            try:
                crypto.decrypt(key, blob)
            except crypto.ArchiveDecryptError:
                raise ArchiveStorageError(
                    _(
                        "Storage %(storage)s holds objects that the crm_mail_archive_key of this server "
                        "(fingerprint %(configured)s) cannot decrypt, e.g. %(key)s: this key is not taken as "
                        "the storage's key and nothing is encrypted with it. Configure the key the storage's "
                        "objects were encrypted with.",
                        storage=self.name,
                        configured=crypto.fingerprint(key),
                        key=stub.key,
                    )
                ) from None
            return
        raise ArchiveStorageError(
            _(
                "None of the %(count)s newest encrypted objects of storage %(storage)s could be read intact "
                "to check that the crm_mail_archive_key of this server (fingerprint %(configured)s) decrypts "
                "them: this key is not taken as the storage's key. Verify the storage's objects.",
                count=len(stubs),
                storage=self.name,
                configured=crypto.fingerprint(key),
            )
        )

    def _key_mismatch(self):
        """:return: the fingerprint of the configured key when the storage records another one
        (its objects cannot be decrypted on this server), else None"""
        self.ensure_one()
        if not self.key_fingerprint or not config.get("crm_mail_archive_key"):
            return None
        try:
            configured = crypto.fingerprint(self._encryption_key())
        except UserError:  # an unusable key stops the server at start; nothing to compare
            return None
        return configured if configured != self.key_fingerprint else None

    # ------------------------------------------------------------------ file system
    def _reason(self, exc):
        """The text of a storage exception with every option value blanked out."""
        text = f"{type(exc).__name__}: {exc}"
        try:
            options = self._parse_options()
        except ValidationError:
            options = {}
        secrets = []

        def collect(value):
            if isinstance(value, dict):
                for item in value.values():
                    collect(item)
            elif isinstance(value, list | tuple):
                for item in value:
                    collect(item)
            elif isinstance(value, str) and len(value) >= 4:
                secrets.append(value)

        collect(options)
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def _error(self, operation, key, exc):
        """:param operation: "open", "write", "read", "read back" or "delete"
        :return: the :class:`ArchiveStorageError` to raise, in the user's language"""
        operation = {
            "open": _("open"),
            "write": _("write"),
            "read": _("read"),
            "read back": _("read back"),
            "delete": _("delete"),
        }[operation]
        return ArchiveStorageError(
            _(
                "Storage %(storage)s could not %(operation)s %(key)s: %(reason)s",
                storage=self.name,
                operation=operation,
                key=key,
                reason=self._reason(exc),
            )
        )

    def _mismatch_error(self, key):
        return ArchiveStorageError(
            _(
                "Storage %(storage)s returned different bytes for %(key)s right after writing them.",
                storage=self.name,
                key=key,
            )
        )

    def _read_only_error(self, key):
        return ArchiveStorageError(
            _(
                "Storage %(storage)s is read-only (e.g. in a neutralized copy of the database): "
                "%(key)s was neither written nor deleted.",
                storage=self.name,
                key=key,
            )
        )

    def _open(self):
        """:return: a connected :class:`StorageSession` on this storage."""
        self.ensure_one()
        options = self._parse_options()
        if isinstance(options.get("auth"), list):
            options["auth"] = tuple(options["auth"])  # JSON has no tuples; HTTP back ends want (user, password)
        try:
            fs = fsspec.filesystem(self.protocol, skip_instance_cache=True, **options)
        except Exception as exc:  # any fsspec back end: unknown protocol, missing package, bad option
            raise self._error("open", self.root_path, exc) from exc
        return StorageSession(self, fs)

    # ------------------------------------------------------------------ actions
    def action_test_connection(self):
        """Write, read back and delete a probe object; report the reason of any failure.

        The outcome is kept on the storage (``last_test_result``) and shown as a notification;
        a failure is not raised so that the outcome stays recorded.
        """
        self.ensure_one()
        key = f"probe/{uuid.uuid4().hex}"
        payload = b"crm_mail_archive probe " + uuid.uuid4().bytes
        try:
            session = self._open()
            if self.encrypt:
                self._check_key_fingerprint(self._encryption_key(), session)
            session.put_verified(key, payload)
            session.delete(key)
        except UserError as exc:  # the storage's own errors, and a missing or different key
            result, kind = exc.args[0], "danger"
        else:
            result, kind = _("Connection works: a probe object was written, read back and deleted."), "success"
        self.write({"last_test_date": fields.Datetime.now(), "last_test_result": result})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "title": self.name, "message": result, "sticky": kind == "danger"},
        }

    def action_reset_key_fingerprint(self):
        """Make the configured key the storage's key, for an administrator whose storage
        records a wrong fingerprint (e.g. one taken from a wrong key by an earlier version).

        Refused unless the configured key decrypts the newest intact encrypted object the
        storage holds, so that it cannot make a storage's objects unreadable; logged with the
        user and both fingerprints.

        :raise AccessError: the user may not change storages (administrators only)
        :raise ArchiveStorageError: the configured key does not decrypt the stored objects
        """
        self.ensure_one()
        self.check_access("write")
        key = self._encryption_key()
        self._check_key_decrypts_stored_objects(key)
        previous, configured = self.key_fingerprint, crypto.fingerprint(key)
        self.key_fingerprint = configured
        _logger.info(
            "Mail archive of database %s: %s set the key fingerprint of storage %s (id %s) from %s to %s",
            self.env.cr.dbname,
            self.env.user.login,
            self.name,
            self.id,
            previous,
            configured,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.name,
                "message": _(
                    "Storage %(storage)s now records the fingerprint %(configured)s of the configured key "
                    "(it was %(previous)s).",
                    storage=self.name,
                    configured=configured,
                    previous=previous or "-",
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }


class StorageSession:
    """One open file system of a storage, used for a batch of operations.

    Paths are ``root_path/key``; every method turns a back-end exception into an
    :class:`ArchiveStorageError` naming the operation and the key.

    On fsspec's local file system (a local or mounted folder) objects are written and read
    with Python's own files: fsspec wraps each call in a file object of its own and resolves
    the path again, which cost a third of an archive run's time in the process; paths,
    folders and errors are the same.
    """

    def __init__(self, storage, fs):
        self.storage = storage
        self.fs = fs
        self.local = isinstance(fs, LocalFileSystem)
        root = storage.root_path or ""
        if self.local and root:
            # absolute; the root "/" of a local folder stays "/" (not "", relative to the server)
            root = LocalFileSystem._strip_protocol(root)
            self.prefix = root if root.endswith("/") else f"{root}/"
        else:
            root = root.rstrip("/")
            self.prefix = f"{root}/" if root else ""
        self._made_dirs = set()
        self._sealer = None

    def seal(self, data):
        """:return: (bytes to store, whether they are encrypted) for the bytes of one object;
        the key is read once per session"""
        if self._sealer is None:
            self._sealer = self.storage._sealer(self)
        return self._sealer(data)

    def path(self, key):
        return self.prefix + key

    def _makedirs(self, folder):
        if folder and folder not in self._made_dirs:
            if self.local:
                os.makedirs(folder, exist_ok=True)
            else:
                self.fs.makedirs(folder, exist_ok=True)
            if len(self._made_dirs) >= MADE_DIRS_KEPT:  # a long run's memory stays flat
                self._made_dirs.clear()
            self._made_dirs.add(folder)

    def _check_writable(self, key):
        if self.storage.read_only:
            raise self.storage._read_only_error(key)

    def put(self, key, data):
        self._check_writable(key)
        path = self.path(key)
        try:
            self._makedirs(posixpath.dirname(path))
            if self.local:
                with open(path, "wb") as handle:
                    handle.write(data)
            else:
                self.fs.pipe_file(path, data)
        except Exception as exc:  # any fsspec back end
            raise self.storage._error("write", key, exc) from exc

    def get(self, key):
        try:
            if self.local:
                with open(self.path(key), "rb") as handle:
                    return handle.read()
            return self.fs.cat_file(self.path(key))
        except FileNotFoundError:
            raise
        except Exception as exc:  # any fsspec back end
            raise self.storage._error("read", key, exc) from exc

    def delete(self, key):
        self._check_writable(key)
        try:
            self.fs.rm_file(self.path(key))
        except Exception as exc:  # any fsspec back end
            raise self.storage._error("delete", key, exc) from exc

    def put_verified(self, key, data):
        """Write ``data``, read it back and compare SHA-256 digests.

        :return: the hex SHA-256 of ``data``
        :raise ArchiveStorageError: the write failed or what came back differs
        """
        digest = hashlib.sha256(data).hexdigest()
        self.put(key, data)
        try:
            back = self.get(key)
        except FileNotFoundError as exc:
            raise self.storage._error("read back", key, exc) from exc
        if hashlib.sha256(back).hexdigest() != digest:
            raise self.storage._mismatch_error(key)
        return digest
