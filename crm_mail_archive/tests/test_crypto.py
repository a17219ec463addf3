import base64
import logging
import os
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
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
        changed or is wrong) is reported by the verification, not "OK" — when the storage has
        no recorded fingerprint to tell a wrong key from a damaged object."""
        message = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
            stubs = message.crm_archive_stub_ids
            self.assertEqual(stubs._verify()["ok"], 2)
        self.storage.key_fingerprint = False  # archived before fingerprints were recorded
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            counts = stubs._verify()
        self.assertEqual((counts["ok"], counts["mismatch"]), (0, 2))
        self.assertEqual(stubs.mapped("state"), ["mismatch", "mismatch"])
        self.assertIn(
            "cannot be decrypted with the configured key: wrong key or damaged object", stubs[0].verify_message
        )
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.assertEqual(stubs._verify()["ok"], 2)  # the right key back: all readable

    def test_verification_with_another_key_names_the_key_not_damage(self):
        """Breaker's s4 finding 15: with a key whose fingerprint is not the storage's, the
        verification does not mark the storage's objects damaged; it says that the server's key
        is not the storage's (the wizard, the button and the monthly run alike)."""
        message = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
            stubs = message.crm_archive_stub_ids
            stubs._verify()
        self.assertEqual(stubs.mapped("state"), ["ok", "ok"])
        verified = stubs.mapped("verify_date")
        expected = self.storage.key_fingerprint
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            counts = stubs._verify()
            self.assertEqual((counts["ok"], counts["mismatch"], counts["missing"], counts["unverified"]), (0, 0, 0, 2))
            answer = stubs.action_verify()["params"]
            self.assertEqual(answer["type"], "danger")
            self.assertIn(f"is not the key its objects were encrypted with (fingerprint {expected})", answer["message"])
            self.assertIn("2 encrypted objects were not verified and are not marked damaged", answer["message"])
            self.assertEqual(stubs.mapped("state"), ["ok", "ok"], "not marked damaged")
            self.assertEqual(stubs.mapped("verify_date"), verified)
            wizard = self.env["crm.mail.archive.wizard"].create({"operation": "verify", "message_ids": message.ids})
            self.assertIn("not marked damaged", wizard.action_apply()["params"]["message"])
            with (
                freeze_time("2026-12-30 03:00:00"),
                self.assertLogs("odoo.addons.crm_mail_archive.models.crm_mail_archive_stub", "ERROR") as logs,
            ):
                self.assertEqual(self.env["crm.mail.archive.stub"]._cron_verify(batch_size=1), 2)  # and it ends
            self.assertIn(f"{self.storage.name} ({expected})", logs.output[0])
            self.assertIn(self.env.cr.dbname, logs.output[0])
            self.assertEqual(stubs.mapped("state"), ["ok", "ok"])

    def test_first_key_of_a_storage_with_objects_must_decrypt_them(self):
        """Breaker's s4 finding 5: a storage that holds encrypted objects but no fingerprint
        (archived before fingerprints) takes as its key only a key that decrypts them: a server
        first started with a wrong key neither records it nor writes with it."""
        first = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
        self.storage.key_fingerprint = False  # as after the upgrade
        second = self._post(self.partner, BODY + "<p>2</p>", [("aneks.pdf", PDF)])
        raw = self._raw_body(second)
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        wrong = crypto.fingerprint(crypto.parse_key(other))
        refused = f"holds objects that the crm_mail_archive_key of this server \\(fingerprint {wrong}\\) cannot decrypt"
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            answer = self.storage.action_test_connection()
            self.assertEqual(answer["params"]["type"], "danger")
            self.assertRegex(self.storage.last_test_result, refused)
            self.assertFalse(self.storage.key_fingerprint, "the wrong key is not recorded")
            with self.assertRaisesRegex(UserError, refused):
                self._rule()._run()
            self.assertFalse(self.storage.key_fingerprint)
            self.assertFalse(second.crm_archived)
            self.assertEqual(self._raw_body(second), raw, "nothing cleared")
        newest = first.crm_archive_stub_ids.sorted("id")[-1]
        os.remove(os.path.join(self.folder, newest.key))  # a missing object is skipped, the next one decides
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.assertEqual(self.storage.action_test_connection()["params"]["type"], "success")
            self.assertEqual(self.storage.key_fingerprint, crypto.fingerprint(crypto.parse_key(KEY)))
            self._rule()._run()
            self.assertTrue(second.crm_archived)
            self.assertEqual(second.crm_archive_read()["body"], raw)

    def test_no_intact_object_to_check_the_first_key_with(self):
        """Breaker's s4 finding 5: when none of the stored objects can be read intact, no key
        is taken as the storage's (there is nothing to check it with)."""
        self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
            self.storage.key_fingerprint = False
            for stub in self.storage.stub_ids:
                os.remove(os.path.join(self.folder, stub.key))
            self.storage.action_test_connection()
        self.assertIn("None of the 2 newest encrypted objects of storage", self.storage.last_test_result)
        self.assertFalse(self.storage.key_fingerprint)

    def test_administrator_takes_the_configured_key_after_a_wrong_one_was_recorded(self):
        """Breaker's s4 finding 5, the way back: a storage that recorded a wrong key (and holds
        objects of both keys) is given the right key by an administrator once the wrong key's
        objects are restored; refused for anyone else and while the key does not decrypt them."""
        first = self._post(self.partner, BODY, [("umowa.pdf", PDF)])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.storage.encrypt = True
            self._rule()._run()
        right = self.storage.key_fingerprint
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        wrong = crypto.fingerprint(crypto.parse_key(other))
        self.storage.key_fingerprint = wrong  # recorded by an earlier version from a wrong key
        second = self._post(self.partner, BODY + "<p>2</p>", [("aneks.pdf", PDF)])
        raw = self._raw_body(second)
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            self._rule()._run()  # written with the wrong key
        self.assertTrue(second.crm_archived)
        storage = self.storage.with_user(self.admin)
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            with self.assertRaises(AccessError):
                self.storage.with_user(self.user).action_reset_key_fingerprint()
            newest = second.crm_archive_stub_ids.sorted("id")[-1].key
            with self.assertRaisesRegex(UserError, f"cannot decrypt, e.g. {newest}"):
                storage.action_reset_key_fingerprint()
            self.assertEqual(self.storage.key_fingerprint, wrong)
        with patch.dict(config.options, {"crm_mail_archive_key": other}):
            second._crm_archive_restore()  # the wrong key's objects back into the database
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            with self.assertLogs("odoo.addons.crm_mail_archive.models.crm_mail_archive_storage", logging.INFO) as logs:
                answer = storage.action_reset_key_fingerprint()
            self.assertIn(f"{right} of the configured key (it was {wrong})", answer["params"]["message"])
            self.assertIn(f"archive_admin set the key fingerprint of storage {self.storage.name}", logs.output[0])
            self.assertEqual(self.storage.key_fingerprint, right)
            self._rule()._run()
            self.assertTrue(second.crm_archived)
            self.assertEqual(second.crm_archive_read()["body"], raw)
            self.assertIn("Poufne", first.crm_archive_read()["body"])
            self.assertEqual(self.storage.stub_ids._verify()["ok"], 4)

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
            self.assertIn(f"Mail archive of database {self.env.cr.dbname}:", logs.output[0])
        with patch.dict(config.options, {"crm_mail_archive_key": KEY}):
            self.assertEqual(self.storage.action_test_connection()["params"]["type"], "success")
            self._rule()._run()
            self.assertTrue(second.crm_archived)
            self.assertIn("Poufne", first.crm_archive_read()["body"])
