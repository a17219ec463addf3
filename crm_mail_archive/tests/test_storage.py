import json
import os

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError

from .common import NOW, ArchiveCase


@freeze_time(NOW)
class TestStorage(ArchiveCase):
    """Issue 15, storage and bad input: Test connection proves a write, a read and a delete,
    or says why not; credentials are the administrator's only and never shown."""

    def test_connection_of_a_local_folder(self):
        action = self.storage.with_user(self.admin).action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("written, read back and deleted", self.storage.last_test_result)
        # the probe is gone
        leftovers = [name for _dir, _sub, names in os.walk(self.folder) for name in names]
        self.assertEqual(leftovers, [])

    def test_connection_refused_with_the_reason(self):
        blocker = os.path.join(self.folder, "file")
        with open(blocker, "w") as handle:
            handle.write("x")
        storage = self.env["crm.mail.archive.storage"].create(
            {"name": "Blocked", "protocol": "file", "root_path": blocker}
        )
        action = storage.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("Blocked could not write", storage.last_test_result)
        self.assertRegex(storage.last_test_result, "Error")  # the file system's own reason
        unknown = self.env["crm.mail.archive.storage"].create({"name": "Typo", "protocol": "ftps3", "root_path": "x"})
        unknown.action_test_connection()
        self.assertIn("Typo could not open", unknown.last_test_result)
        self.assertIn("ftps3", unknown.last_test_result)

    def test_unreachable_server_reason_without_the_password(self):
        storage = self.env["crm.mail.archive.storage"].create(
            {
                "name": "Dav",
                "protocol": "webdav",
                "root_path": "archive",
                # a closed port on loopback: connection refused, at once
                "options": json.dumps({"base_url": "http://127.0.0.1:9/dav", "auth": ["jan", "Tajne-Haslo-123"]}),
            }
        )
        storage.action_test_connection()
        self.assertIn("Dav could not write", storage.last_test_result)
        self.assertNotIn("Tajne-Haslo-123", storage.last_test_result)

    def test_options_must_be_a_json_object(self):
        with self.assertRaises(ValidationError):
            self.env["crm.mail.archive.storage"].create({"name": "Bad", "root_path": "x", "options": "{'a': 1"})
        with self.assertRaises(ValidationError):
            self.env["crm.mail.archive.storage"].create({"name": "Bad", "root_path": "x", "options": "[1, 2]"})
        self.assertFalse(self.env["crm.mail.archive.storage"].search([("name", "=", "Bad")]))

    def test_only_administrators_manage_storages_and_see_options(self):
        with self.assertRaises(AccessError):
            self.env["crm.mail.archive.storage"].with_user(self.user).search([])
        with self.assertRaises(AccessError):
            self.env["crm.mail.archive.rule"].with_user(self.user).search([])
        with self.assertRaises(AccessError):
            self.env["crm.mail.archive.stub"].with_user(self.user).search([])
        self.assertIn("options", self.env["crm.mail.archive.storage"].with_user(self.admin).fields_get())
        self.assertEqual(self.storage.with_user(self.admin).options, "{}")

    def test_local_root_path_is_absolute_and_the_root_stays_the_root(self):
        """Breaker's finding 3: a relative local folder would depend on where the server was
        started; "/" is the file system's root, not the server's current folder."""
        Storage = self.env["crm.mail.archive.storage"]
        with self.assertRaisesRegex(ValidationError, "must be absolute"), self.env.cr.savepoint():
            Storage.create({"name": "Względna", "protocol": "file", "root_path": "archiwum"})
        self.assertFalse(Storage.search([("name", "=", "Względna")]))
        dav = Storage.create({"name": "Dav", "protocol": "webdav", "root_path": "archiwum"})
        with self.assertRaisesRegex(ValidationError, "must be absolute"), self.env.cr.savepoint():
            dav.write({"protocol": "file", "root_path": "file://archiwum"})
        root = self.env["crm.mail.archive.storage"].create({"name": "Korzeń", "protocol": "file", "root_path": "/"})
        self.assertEqual(root._open().path("baza/res.partner/1/2-body"), "/baza/res.partner/1/2-body")
        url = self.env["crm.mail.archive.storage"].create(
            {"name": "URL", "protocol": "file", "root_path": f"file://{self.folder}/"}
        )
        self.assertEqual(url._open().path("k"), f"{self.folder}/k")
        self.assertEqual(self.storage._open().path("k"), f"{self.folder}/k")
