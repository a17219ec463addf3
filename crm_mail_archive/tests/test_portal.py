import os
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user

from .common import NOW, ArchiveCase

BODY = "<p>Potwierdzenie salda na dzień 31.12.2022: 1 250,00 zł.</p>"
TOKEN = "4f1c2d3e4b5a69788796a5b4c3d2e1f0"


@tagged("post_install", "-at_install")
class TestPortalReadsArchived(ArchiveCase, HttpCase):
    """Issue 15 "the mail can still be opened, with access rights exactly as for the original
    message", in the customer portal: ``/mail/chatter_fetch`` gives the archived body loaded
    from the storage to whoever the portal lets read the document (its access token, or a
    portal user's own partner), keeps the archived mark, refuses a wrong token and says so
    when the stored copy is damaged, never showing an empty body."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.storage.root_path = cls.folder
        # a document shared by its access token (the invitation link of a meeting)
        cls.event = cls.env["calendar.event"].create(
            {
                "name": "Uzgodnienie salda",
                "start": datetime(2023, 1, 12, 10, 0),
                "stop": datetime(2023, 1, 12, 11, 0),
                "access_token": TOKEN,
            }
        )
        cls.portal_user = new_test_user(
            cls.env, login="archive_portal", groups="base.group_portal", password="archive_portal"
        )
        with freeze_time(NOW):
            cls.event_message = cls._post(cls.event, BODY)
            cls.own_message = cls._post(cls.portal_user.partner_id, BODY)
            cls.other_message = cls._post(cls.other_partner, BODY)
            (cls.event_message | cls.own_message | cls.other_message)._crm_archive(cls.storage)

    def setUp(self):
        super().setUp()
        self.folder = self.base_folder  # the archive of setUpClass
        self.storage.root_path = self.folder
        self.assertTrue(self.event_message.crm_archived)
        self.assertFalse(self.event_message.sudo().body)

    def _fetch(self, record, **params):
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": record._name, "thread_id": record.id, **params}
        )
        return {values["id"]: values for values in result["data"]["mail.message"]}

    def test_customer_with_the_access_token_reads_the_archived_body(self):
        self.authenticate(None, None)  # the customer follows the document's link, not logged in
        values = self._fetch(self.event, token=TOKEN)[self.event_message.id]
        self.assertEqual(values["body"], BODY)
        self.assertTrue(values["crm_archived"])

    @mute_logger("odoo.http")
    def test_wrong_token_is_refused_without_the_body(self):
        self.authenticate(None, None)
        with self.assertRaises(JsonRpcException) as caught:
            self._fetch(self.event, token="0" * 32)
        self.assertIn("Forbidden", str(caught.exception))
        self.assertNotIn("Potwierdzenie salda", str(caught.exception))

    @mute_logger("odoo.http")
    def test_portal_user_reads_his_own_document_only(self):
        self.authenticate("archive_portal", "archive_portal")
        values = self._fetch(self.portal_user.partner_id)[self.own_message.id]
        self.assertEqual(values["body"], BODY)
        self.assertTrue(values["crm_archived"])
        # another customer's document: the portal rules hide its messages, as for the original
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "res.partner", "thread_id": self.other_partner.id}
        )
        self.assertNotIn(self.other_message.id, {values["id"] for values in result["data"]["mail.message"]})
        self.assertNotIn("Potwierdzenie salda", str(result))

    @mute_logger("odoo.http")
    def test_damaged_copy_is_reported_never_shown_empty(self):
        stub = self.event_message.crm_archive_stub_ids
        path = os.path.join(self.folder, stub.key)
        with open(path, "rb") as handle:
            original = handle.read()

        def put_back():
            with open(path, "wb") as handle:
                handle.write(original)

        self.addCleanup(put_back)
        with open(path, "wb") as handle:
            handle.write(b"<p>Podmieniona tre\xc5\x9b\xc4\x87</p>")
        self.authenticate(None, None)
        values = self._fetch(self.event, token=TOKEN)[self.event_message.id]
        self.assertIn("cannot be shown right now", values["body"])
        self.assertNotIn("Podmieniona", values["body"])
        self.assertNotIn(stub.key, values["body"], "the storage's key is not for the customer")
        self.assertNotIn(stub.storage_id.name, values["body"])
        self.assertTrue(values["crm_archived"])

    def test_backend_chatter_keeps_the_placeholder(self):
        self.authenticate("archive_user", "archive_user")
        data = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "calendar.event", "thread_id": self.event.id}
        )
        [values] = [msg for msg in data["data"]["mail.message"] if msg["id"] == self.event_message.id]
        self.assertIn("in the mail archive", str(values["body"]))
        self.assertTrue(values["crm_archived"])
