import base64
import os
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tools import config

from odoo.addons.crm_mail_archive.models import crypto

from .common import NOW, ArchiveCase

KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
BODY = "<p>Poufne: warunki umowy ramowej</p>"
PDF = b"%PDF-1.4 umowa " + bytes(range(256)) * 8


@freeze_time(NOW)
class TestEncryption(ArchiveCase):
    """Issue 15, encryption at rest: AES-256-GCM with a key from the server configuration
    file; a key of the wrong length is refused at start with a clear message."""

    def test_wrong_key_refused_at_start(self):
        short = base64.urlsafe_b64encode(b"0123456789abcdef").decode()
        with (
            patch.dict(config.options, {"crm_mail_archive_key": short}),
            self.assertRaisesRegex(UserError, "must decode to 32 bytes.*decodes to 16"),
        ):
            self.env["crm.mail.archive.storage"]._register_hook()
        with (
            patch.dict(config.options, {"crm_mail_archive_key": "not base64 at all!"}),
            self.assertRaisesRegex(UserError, "unusable"),
        ):
            self.env["crm.mail.archive.storage"]._register_hook()
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.env["crm.mail.archive.storage"]._register_hook()  # a good key starts

    def test_encryption_needs_a_key(self):
        with (
            patch.dict(config.options, {"crm_mail_archive_key": ""}),
            self.assertRaisesRegex(UserError, "crm_mail_archive_key"),
        ):
            self.env["crm.mail.archive.storage"].create({"name": "Secret", "root_path": self.folder, "encrypt": True})

    def test_encrypted_archive_restores_identical_bytes(self):
        message = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        raw_body = self._raw_body(message)
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
            for stub in message.crm_archive_stub_ids:
                stored = self._stored(stub)
                self.assertTrue(stub.encrypted)
                self.assertTrue(stored.startswith(crypto.MAGIC))
                self.assertNotIn(b"umowa", stored)
                self.assertNotIn(b"Poufne", stored)
                self.assertEqual(stub.sha256, self.sha(stored))  # the hash is of what is stored
            self.assertEqual(message.crm_archive_read()["body"], raw_body)
            other = base64.urlsafe_b64encode(os.urandom(32)).decode()
            with (
                patch.dict(config.options, {"crm_mail_archive_key": other}),
                self.assertRaisesRegex(UserError, "cannot be decrypted"),
            ):
                message.crm_archive_read()
            message._crm_archive_restore()
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)

    def test_crypto_round_trip_and_tamper(self):
        key = crypto.parse_key(KEY)
        blob = crypto.encrypt(key, b"abc")
        self.assertEqual(crypto.decrypt(key, blob), b"abc")
        self.assertNotEqual(crypto.encrypt(key, b"abc"), blob)  # fresh nonce every time
        with self.assertRaises(crypto.ArchiveDecryptError):
            crypto.decrypt(key, blob[:-1] + bytes([blob[-1] ^ 1]))

    def test_verification_flags_objects_the_configured_key_cannot_decrypt(self):
        """Breaker's finding 7: an intact object that the server's key cannot decrypt (the key
        changed or is wrong) is reported by the verification, not "OK"."""
        message = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
            stubs = message.crm_archive_stub_ids
            self.assertEqual(stubs._verify()["ok"], 2)
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            counts = stubs._verify()
        self.assertEqual((counts["ok"], counts["mismatch"]), (0, 2))
        self.assertEqual(stubs.mapped("state"), ["mismatch", "mismatch"])
        self.assertIn("cannot be decrypted with the configured key", stubs[0].verify_message)
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.assertEqual(stubs._verify()["ok"], 2)  # the right key back: all readable

    def test_key_fingerprint_recorded_and_another_key_refused(self):
        """Breaker's finding 7, the rest: the storage keeps the fingerprint of its key; a server
        started with another key writes nothing to it, says so at Test Connection, at start and
        when a message is opened."""
        first = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
        expected = crypto.fingerprint(crypto.parse_key(KEY))
        self.assertRegex(expected, "^[0-9a-f]{16}$")
        self.assertEqual(self.storage.key_fingerprint, expected)
        self.assertNotIn(expected, KEY + crypto.parse_key(KEY).hex(), "a fingerprint, not the key")
        second = self._post(self.partner, BODY + "<p>2</p>", [("aneks.pdf", PDF)])
        raw = self._raw_body(second)
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            with self.assertRaisesRegex(UserError, f"encrypted with another key \\(fingerprint {expected}\\)"):
                self._rule()._run()
            self.assertFalse(second.crm_archived)
            self.assertEqual(self._raw_body(second), raw, "nothing cleared")
            self.assertEqual(second.attachment_ids.raw, PDF)
            self.assertEqual(self.storage.key_fingerprint, expected, "the recorded key stays")
            with self.assertRaisesRegex(UserError, "is not the key storage .* was encrypted with"):
                first.crm_archive_read()
            answer = self.storage.action_test_connection()
            self.assertEqual(answer["params"]["type"], "danger")
            self.assertIn("another key", self.storage.last_test_result)
            with self.assertLogs("odoo.addons.crm_mail_archive.models.crm_mail_archive_storage", "ERROR") as logs:
                self.env["crm.mail.archive.storage"]._register_hook()
            self.assertIn(self.storage.name, logs.output[0])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.assertEqual(self.storage.action_test_connection()["params"]["type"], "success")
            self._rule()._run()
            self.assertTrue(second.crm_archived)
            self.assertIn("Poufne", first.crm_archive_read()["body"])
