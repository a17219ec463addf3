import os

from freezegun import freeze_time

from odoo.modules.neutralize import get_neutralization_queries

from odoo.addons.crm_mail_archive.models.crm_mail_archive_storage import ArchiveStorageError

from .common import NOW, ArchiveCase

BODY = "<p>Potwierdzenie salda na dzień 31.12.2022: 12 300,00 zł.</p>"
PDF = b"%PDF-1.4 potwierdzenie salda " + bytes(range(256)) * 8


@freeze_time(NOW)
class TestDuplicateDatabase(ArchiveCase):
    """Issue 15, nothing lost, FINDINGS 6: a duplicate of the database (a test or staging copy,
    which Odoo gives a new ``database.uuid``) shares the storage of the original; it reads the
    original's archive but never deletes an object the original wrote."""

    def _paths(self, message):
        return [os.path.join(self.folder, key) for key in message.crm_archive_stub_ids.mapped("key")]

    def _duplicate(self):
        """What Odoo's duplicate_database and restore-as-copy do to the copy: a new identity."""
        self.env["ir.config_parameter"].sudo().set_param("database.uuid", "0c0f7e2a-copy-of-production")

    def test_the_copy_restores_and_deletes_without_touching_the_originals_objects(self):
        restored = self._post(self.partner, BODY, [("saldo.pdf", PDF)])
        deleted = self._post(self.partner, BODY + "<p>2</p>")
        self._rule()._run()
        stubs = (restored | deleted).crm_archive_stub_ids
        self.assertEqual(
            set(stubs.mapped("database_uuid")), {self.env["ir.config_parameter"].get_param("database.uuid")}
        )
        paths = self._paths(restored) + self._paths(deleted)
        self.assertEqual(len(paths), 3)

        self._duplicate()
        self.assertEqual(restored._crm_archive_restore(), 1)
        deleted.unlink()
        self.env.cr.postcommit.run()  # what the copy's commit does

        # the copy got its body back, and the original still finds every object
        self.assertEqual(self._raw_body(restored), BODY)
        self.assertEqual(restored.attachment_ids.raw, PDF)
        self.assertTrue(all(os.path.exists(path) for path in paths))

        # what the copy archives itself is its own: restoring it cleans up after itself
        self._rule(name="In the copy")._run()
        own_paths = self._paths(restored)
        self.assertEqual(len(own_paths), 2)
        restored._crm_archive_restore()
        self.env.cr.postcommit.run()
        self.assertFalse(any(os.path.exists(path) for path in own_paths))
        self.assertTrue(all(os.path.exists(path) for path in paths))

    def test_a_neutralized_copy_reads_the_archive_but_never_writes_or_deletes(self):
        message = self._post(self.partner, BODY, [("saldo.pdf", PDF)])
        fresh = self._post(self.partner, BODY + "<p>nowa</p>")
        message._crm_archive(self.storage)
        paths = self._paths(message)
        fresh_body = self._raw_body(fresh)

        # what Odoo runs on a copy made with "neutralize" (database manager, odoo-bin neutralize)
        [query] = get_neutralization_queries(["crm_mail_archive"])
        self._duplicate()
        self.env.cr.execute(query)
        self.env.invalidate_all()
        self.assertTrue(self.storage.read_only)

        # reading works for whoever may read the message
        answer = message.with_user(self.user).crm_archive_read()
        self.assertEqual(answer["body"], BODY)
        # archiving is refused with the reason; nothing written, nothing cleared
        with self.assertRaisesRegex(ArchiveStorageError, "Local archive is read-only"):
            self._rule(name="In the copy")._run()
        self.assertFalse(fresh.crm_archived)
        self.assertEqual(self._raw_body(fresh), fresh_body)
        self.assertFalse(fresh.crm_archive_stub_ids)
        self.assertEqual(sorted(os.listdir(os.path.dirname(paths[0]))), sorted(map(os.path.basename, paths)))
        # restoring works, and the objects stay for the original
        message._crm_archive_restore()
        self.env.cr.postcommit.run()
        self.assertEqual(self._raw_body(message), BODY)
        self.assertTrue(all(os.path.exists(path) for path in paths))
