import base64
import os

from freezegun import freeze_time
from markupsafe import Markup

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import new_test_user

from .common import NOW, ArchiveCase

NOTE = "<p>Rabat 5% uzgodniony telefonicznie.</p>"
FIX = "<p>Rabat 7% uzgodniony telefonicznie (korekta).</p>"
SPEC = b"specyfikacja techniczna " + os.urandom(2000)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEditArchived(ArchiveCase, HttpCase):
    """Issue 15, nothing lost, FINDINGS 4: editing an archived message restores it first and
    then applies the edit (the edit is what everybody sees afterwards and the stale archived
    copy is dropped); a restore never overwrites a body or file changed since archiving."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson who may post on the customers (posting needs write access to the record)
        cls.editor = new_test_user(
            cls.env,
            login="archive_editor",
            groups="base.group_user,base.group_partner_manager",
            password="archive_editor",
        )

    def _note(self):
        files = self.env["ir.attachment"].create(
            {"name": "specyfikacja.txt", "raw": SPEC, "res_model": "res.partner", "res_id": self.partner.id}
        )
        note = self.partner.with_user(self.editor).message_post(
            body=Markup(NOTE), message_type="comment", subtype_xmlid="mail.mt_note", attachment_ids=files.ids
        )
        note.sudo()._crm_archive(self.storage)
        self.assertTrue(note.crm_archived)
        self.assertEqual(self._raw_body(note), "")
        return note

    def test_chatter_edit_restores_then_applies_the_edit(self):
        note = self._note()
        keys = note.sudo().crm_archive_stub_ids.mapped("key")
        self.assertEqual(len(keys), 2)
        self.authenticate("archive_editor", "archive_editor")

        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {"message_id": note.id, "body": FIX, "attachment_ids": note.attachment_ids.ids},
        )

        note.invalidate_recordset()
        self.assertFalse(note.crm_archived)
        self.assertFalse(note.sudo().crm_archive_stub_ids)
        self.assertIn("Rabat 7%", self._raw_body(note))
        # the file came back into the database with it
        self.assertEqual((note.attachment_ids.file_size, note.attachment_ids.raw), (len(SPEC), SPEC))
        # what the chatter shows now is the edit, not the archived text
        answer = note.with_user(self.editor).crm_archive_read()
        self.assertIn("Rabat 7%", answer["body"])
        self.assertNotIn("Rabat 5%", answer["body"])
        self.assertTrue(all(os.path.exists(os.path.join(self.folder, key)) for key in keys))

    def test_removing_the_files_in_an_edit_restores_first(self):
        note = self._note()
        attachment = note.attachment_ids
        self.authenticate("archive_editor", "archive_editor")

        self.make_jsonrpc_request(
            "/mail/message/update_content", {"message_id": note.id, "body": FIX, "attachment_ids": []}
        )

        note.invalidate_recordset()
        self.assertFalse(note.crm_archived)
        self.assertFalse(attachment.exists())
        self.assertIn("Rabat 7%", self._raw_body(note))

    def test_removing_an_archived_file_takes_its_copy_once_committed(self):
        note = self._note()
        attachment = note.attachment_ids
        file_stub = note.sudo().crm_archive_stub_ids.filtered(lambda stub: stub.kind == "attachment")
        path = os.path.join(self.folder, file_stub.key)

        attachment.with_user(self.editor).unlink()

        self.assertTrue(os.path.exists(path))  # a rollback would still find it
        self.env.cr.postcommit.run()
        self.assertFalse(os.path.exists(path))
        # the body is still archived and restores alone
        self.assertTrue(note.crm_archived)
        self.assertEqual(note.sudo().crm_archive_stub_ids.mapped("kind"), ["body"])
        note._crm_archive_restore()
        self.assertEqual(self._raw_body(note), NOTE)

    def test_restore_never_overwrites_a_change_made_since_archiving(self):
        note = self._note()
        # a change made around the archive (any other path than the chatter's edit)
        self.env.cr.execute("UPDATE mail_message SET body = %s WHERE id = %s", (FIX, note.id))
        note.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "changed after they were archived"):
            note._crm_archive_restore()
        self.assertEqual(self._raw_body(note), FIX)
        self.assertTrue(note.crm_archived)

        other = self._note()
        attachment = other.attachment_ids
        # a new version of the archived file written over it
        attachment.write({"datas": base64.b64encode(b"nowa wersja")})
        with self.assertRaisesRegex(UserError, "changed after they were archived"):
            other._crm_archive_restore()
        self.assertTrue(other.crm_archived)
        self.assertEqual(attachment.raw, b"nowa wersja")
