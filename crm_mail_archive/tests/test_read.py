import os

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw
from odoo.addons.mail.tools.discuss import Store

from .common import ArchiveCase

BODY = "<p>Oferta handlowa nr 7/2023 w załączniku.</p>"
PDF = b"%PDF-1.4 oferta " + os.urandom(4096)


@tagged("post_install", "-at_install")
class TestReadArchived(ArchiveCase, HttpCase):
    """Issue 15, reading: the body and files come back on demand for whoever may read the
    message, over JSON-RPC and the file route; nobody else gets them, and a damaged or
    missing copy is reported, never served."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.storage.root_path = cls.folder
        with freeze_time("2026-11-30 10:00:00"):
            cls.message = cls._post(cls.partner, BODY, [("oferta.pdf", PDF)])
            cls.env["crm.mail.archive.rule"].create(
                {"name": "Old", "storage_id": cls.storage.id, "older_than_days": 365}
            )._run()

    def setUp(self):
        super().setUp()
        self.folder = self.base_folder  # the archive of setUpClass
        self.storage.root_path = self.folder

    def test_reader_gets_body_and_files(self):
        answer = execute_kw(self, self.user, "archive_user", "mail.message", "crm_archive_read", [[self.message.id]])
        self.assertEqual(
            answer["result"]["body"],
            self.message.crm_archive_stub_ids.filtered(lambda s: s.kind == "body")._load().decode(),
        )
        self.assertIn("Oferta handlowa nr 7/2023", answer["result"]["body"])
        [attachment] = answer["result"]["attachments"]
        self.assertEqual((attachment["name"], attachment["size"]), ("oferta.pdf", len(PDF)))
        self.authenticate("archive_user", "archive_user")
        response = self.url_open(attachment["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        self.assertEqual(response.headers["Content-Type"], self.message.attachment_ids.mimetype)

    @mute_logger("odoo.http")
    def test_user_who_cannot_read_the_record_is_refused(self):
        answer = execute_kw(
            self, self.outsider, "archive_outsider", "mail.message", "crm_archive_read", [[self.message.id]]
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNotIn("Oferta handlowa", str(answer))
        stub = self.message.crm_archive_stub_ids.filtered(lambda s: s.kind == "attachment")
        self.authenticate("archive_outsider", "archive_outsider")
        response = self.url_open(f"/crm_mail_archive/attachment/{stub.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(PDF[:20], response.content)
        # the storage itself is never reachable through the stub model
        answer = execute_kw(
            self, self.user, "archive_user", "crm.mail.archive.stub", "search_read", [[]], {"fields": ["key"]}
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")

    def test_chatter_gets_the_archived_mark_and_a_placeholder(self):
        result = Store(self.message.with_user(self.user)).get_result()
        [values] = [m for m in result["mail.message"] if m["id"] == self.message.id]
        self.assertTrue(values["crm_archived"])
        self.assertIn("in the mail archive", str(values["body"]))
        self.assertEqual(values["attachment_ids"], [])

    def test_damaged_or_missing_copy_is_reported_never_served(self):
        body_stub, file_stub = (
            self.message.crm_archive_stub_ids.filtered(lambda s: s.kind == "body"),
            self.message.crm_archive_stub_ids.filtered(lambda s: s.kind == "attachment"),
        )
        body_path, file_path = (os.path.join(self.folder, stub.key) for stub in (body_stub, file_stub))
        originals = {path: open(path, "rb").read() for path in (body_path, file_path)}  # noqa: SIM115

        def put_back():
            for path, data in originals.items():
                with open(path, "wb") as handle:
                    handle.write(data)

        self.addCleanup(put_back)
        with open(body_path, "wb") as handle:
            handle.write(b"<p>Podmieniona tresc</p>")
        os.remove(file_path)

        counts = self.env["crm.mail.archive.stub"].search([])._verify()

        self.assertEqual((counts["ok"], counts["mismatch"], counts["missing"]), (0, 1, 1))
        self.assertEqual((body_stub.state, file_stub.state), ("mismatch", "missing"))
        with mute_logger("odoo.http"):
            answer = execute_kw(
                self, self.user, "archive_user", "mail.message", "crm_archive_read", [[self.message.id]]
            )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("damaged", answer["error"]["data"]["message"])
        self.assertNotIn("Podmieniona", str(answer))
        with self.assertRaisesRegex(UserError, "damaged"):
            self.message._crm_archive_restore()
        self.assertTrue(self.message.crm_archived)

    def test_monthly_verification_rereads_everything(self):
        stubs = self.message.crm_archive_stub_ids
        self.assertFalse(any(stubs.mapped("verify_date")))
        with freeze_time("2026-12-30 03:00:00"):
            self.assertEqual(self.env["crm.mail.archive.stub"]._cron_verify(batch_size=1), 2)
        self.assertEqual(stubs.mapped("state"), ["ok", "ok"])
        self.assertTrue(all(stubs.mapped("verify_date")))
