import json
import os
import threading

from cheroot import wsgi
from freezegun import freeze_time
from wsgidav.wsgidav_app import WsgiDAVApp

from odoo.tests import tagged

from odoo.addons.crm_mail_archive.models.crm_mail_archive_storage import ArchiveStorageError

from .common import NOW, ArchiveCase

BODY = "<p>Wezwanie do zapłaty 3/2023</p>"
PDF = b"%PDF-1.4 wezwanie " + os.urandom(2048)


def full_disk(app):
    """The server's disk is full: every upload is answered 507 Insufficient Storage (RFC 4918)."""

    def middleware(environ, start_response):
        if environ["REQUEST_METHOD"] == "PUT":
            start_response("507 Insufficient Storage", [("Content-Type", "text/plain"), ("Content-Length", "9")])
            return [b"disk full"]
        return app(environ, start_response)

    return middleware


def start_dav(folder, user, password, wrap=None):
    """A real WebDAV server (wsgidav on cheroot) on a free loopback port; returns it and its URL."""
    app = WsgiDAVApp(
        {
            "provider_mapping": {"/": folder},
            "simple_dc": {"user_mapping": {"*": {user: {"password": password}}}},
            "http_authenticator": {"accept_basic": True, "accept_digest": False, "default_to_digest": False},
            "verbose": 0,
            "logging": {"enable": False},
        }
    )
    server = wsgi.Server(("127.0.0.1", 0), wrap(app) if wrap else app, numthreads=2)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    host, port = server.bind_addr
    return server, thread, f"http://{host}:{port}"


@tagged("post_install", "-at_install")
class TestWebdavStorage(ArchiveCase):
    """Issue 15, any fsspec protocol: a real WebDAV server on loopback through webdav4."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dav_folder = os.path.join(cls.folder, "dav")
        os.makedirs(cls.dav_folder)
        cls.server, cls.thread, cls.url = start_dav(cls.dav_folder, "archiwum", "Haslo-Dav-77")

        def stop():
            cls.server.stop()
            cls.thread.join(5)

        cls.addClassCleanup(stop)
        cls.dav = cls.env["crm.mail.archive.storage"].create(
            {
                "name": "WebDAV",
                "protocol": "webdav",
                "root_path": "odoo/archive",
                "options": json.dumps({"base_url": cls.url, "auth": ["archiwum", "Haslo-Dav-77"]}),
            }
        )

    @freeze_time(NOW)
    def test_archive_read_restore_through_webdav(self):
        self.assertEqual(self.dav.action_test_connection()["params"]["type"], "success", self.dav.last_test_result)
        message = self._post(self.partner, BODY, [("wezwanie.pdf", PDF)])
        raw_body = self._raw_body(message)
        self._rule(storage_id=self.dav.id)._run()
        self.assertTrue(message.crm_archived)
        for stub in message.crm_archive_stub_ids:
            with open(os.path.join(self.dav_folder, "odoo", "archive", stub.key), "rb") as handle:
                self.assertEqual(stub.sha256, self.sha(handle.read()))
        self.assertEqual(message.crm_archive_read()["body"], raw_body)
        self.assertEqual(message.crm_archive_stub_ids._verify()["ok"], 2)
        message._crm_archive_restore()
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)

    @freeze_time(NOW)
    def test_wrong_password_and_server_down(self):
        wrong = self.dav.copy(
            {"name": "WebDAV wrong", "options": json.dumps({"base_url": self.url, "auth": ["archiwum", "zle-haslo"]})}
        )
        wrong.action_test_connection()
        self.assertIn("WebDAV wrong could not", wrong.last_test_result)
        self.assertIn("401", wrong.last_test_result)
        self.assertNotIn("zle-haslo", wrong.last_test_result)
        # the server goes away: the run stops, nothing is cleared
        server, thread, url = start_dav(self.dav_folder, "archiwum", "Haslo-Dav-77")
        down = self.dav.copy(
            {"name": "WebDAV down", "options": json.dumps({"base_url": url, "auth": ["archiwum", "Haslo-Dav-77"]})}
        )
        server.stop()
        thread.join(5)
        message = self._post(self.partner, BODY, [("wezwanie.pdf", PDF)])
        raw_body = self._raw_body(message)
        with self.assertRaisesRegex(ArchiveStorageError, "WebDAV down could not write"):
            self._rule(storage_id=down.id)._run()
        self.assertFalse(message.crm_archived)
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)

    @freeze_time(NOW)
    def test_full_storage_stops_the_run_and_clears_nothing(self):
        server, thread, url = start_dav(self.dav_folder, "archiwum", "Haslo-Dav-77", wrap=full_disk)
        self.addCleanup(thread.join, 5)
        self.addCleanup(server.stop)
        full = self.dav.copy(
            {"name": "WebDAV full", "options": json.dumps({"base_url": url, "auth": ["archiwum", "Haslo-Dav-77"]})}
        )
        self.assertEqual(full.action_test_connection()["params"]["type"], "danger")
        self.assertIn("Insufficient Storage", full.last_test_result)  # HTTP 507
        messages = self._post(self.partner, BODY, [("wezwanie.pdf", PDF)]) | self._post(self.other_partner, BODY)
        bodies = {m.id: self._raw_body(m) for m in messages}
        with self.assertRaisesRegex(ArchiveStorageError, "WebDAV full could not write.*Insufficient Storage"):
            self._rule(storage_id=full.id)._run()
        self.assertEqual(messages.mapped("crm_archived"), [False, False])
        self.assertEqual({m.id: self._raw_body(m) for m in messages}, bodies)
        self.assertEqual(messages[0].attachment_ids.raw, PDF)
        self.assertFalse(self.env["crm.mail.archive.stub"].search([]))
