import base64
import io
import os

from freezegun import freeze_time
from PIL import Image

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import NOW, ArchiveCase

BODY = "<p>Oferta handlowa nr 12/2023, cennik w załączniku.</p>"
PDF = b"%PDF-1.4 oferta 12/2023 " + os.urandom(20_000)


@tagged("post_install", "-at_install")
class TestServeArchivedFiles(ArchiveCase, HttpCase):
    """Issue 15 "the mail can still be opened", FINDINGS 1: an archived file is never served as
    an empty file. ``/web/content``, the ORM's ``raw``/``datas``, the chatter's files and the
    customer portal (access token) give its bytes from the storage to whoever may read the
    attachment, refuse the others as before, and say so when the copy is missing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.storage.root_path = cls.folder
        with freeze_time(NOW):
            cls.message = cls._post(cls.partner, BODY, [("oferta_12.pdf", PDF)])
            cls.message._crm_archive(cls.storage)
        cls.attachment = cls.message.attachment_ids
        cls.stub = cls.message.crm_archive_stub_ids.filtered(lambda stub: stub.kind == "attachment")

    def setUp(self):
        super().setUp()
        self.folder = self.base_folder  # the archive of setUpClass
        self.storage.root_path = self.folder
        # the archive really left the database: no filestore file, no bytes in the row
        self.assertTrue(self.message.crm_archived)
        self.assertEqual((self.attachment.file_size, self.attachment.store_fname), (0, False))

    @mute_logger("odoo.http")
    def test_web_content_streams_the_file_for_its_reader_only(self):
        self.authenticate("archive_user", "archive_user")
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        self.assertIn("oferta_12.pdf", response.headers["Content-Disposition"])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

        # the same rights as before archiving: who cannot read the record gets nothing
        self.authenticate("archive_outsider", "archive_outsider")
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(PDF[:40], response.content)
        self.authenticate(None, None)
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertNotIn(PDF[:40], response.content)

    def test_portal_customer_with_the_access_token_gets_the_file(self):
        token = self.attachment.generate_access_token()[0]
        self.authenticate(None, None)  # the customer follows the portal's link, not logged in
        response = self.url_open(f"/web/content/{self.attachment.id}?access_token={token}&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)

    def test_orm_reads_give_the_archived_bytes(self):
        attachment = self.attachment.with_user(self.user)
        self.assertEqual(attachment.raw, PDF)
        self.assertEqual(base64.b64decode(attachment.datas), PDF)
        # the database itself still holds nothing
        self.assertEqual(self.attachment.sudo().read(["file_size"])[0]["file_size"], 0)

    def test_files_panel_and_portal_show_the_archived_mark(self):
        self.authenticate("archive_user", "archive_user")
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {"thread_model": "res.partner", "thread_id": self.partner.id, "request_list": ["attachments"]},
        )
        [values] = [att for att in data["ir.attachment"] if att["id"] == self.attachment.id]
        self.assertTrue(values["crm_archived"])
        self.assertEqual(values["size"], len(PDF))

        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "res.partner", "thread_id": self.partner.id}
        )
        [portal] = [msg for msg in result["data"]["mail.message"] if msg["id"] == self.message.id]
        # a reader of the document gets the archived body in the portal chatter too
        self.assertTrue(portal["crm_archived"])
        self.assertEqual(portal["body"], BODY)
        [portal_file] = portal["attachment_ids"]
        self.assertTrue(portal_file["crm_archived"])
        response = self.url_open(
            f"/web/content/{portal_file['id']}?access_token={portal_file['access_token']}&download=true"
        )
        self.assertEqual(response.content, PDF)

    @mute_logger("odoo.http")
    def test_missing_copy_is_reported_never_served_empty(self):
        path = os.path.join(self.folder, self.stub.key)
        with open(path, "rb") as handle:
            original = handle.read()

        def put_back():
            with open(path, "wb") as handle:
                handle.write(original)

        self.addCleanup(put_back)
        os.remove(path)
        self.authenticate("archive_user", "archive_user")
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertEqual(response.status_code, 503)
        self.assertIn(b"oferta_12.pdf is in the mail archive", response.content)
        self.assertIn(b"is missing from storage Local archive", response.content)

    def test_inline_image_of_an_opened_archived_message_renders(self):
        """FINDINGS 8: a pasted picture is an attachment the body shows through /web/image."""
        buffer = io.BytesIO()
        Image.new("RGB", (7, 5), (200, 30, 30)).save(buffer, format="PNG")
        png = buffer.getvalue()
        picture = self.env["ir.attachment"].create(
            {"name": "blat.png", "raw": png, "res_model": "res.partner", "res_id": self.partner.id}
        )
        token = picture.generate_access_token()[0]
        with freeze_time(NOW):
            message = self._post(
                self.partner, f'<p>Zdjęcie blatu:</p><p><img src="/web/image/{picture.id}?access_token={token}"></p>'
            )
            message.attachment_ids = picture
            message._crm_archive(self.storage)
        self.assertEqual(picture.file_size, 0)

        body = message.with_user(self.user).crm_archive_read()["body"]
        [url] = [part.split('"')[0] for part in body.split('src="')[1:]]
        self.authenticate("archive_user", "archive_user")
        response = self.url_open(url.replace("&amp;", "&"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, png)
