from odoo.tests import HttpCase, tagged

from .common import ArchiveCase

BODY = "<p>Faktura 12/2022 w załączniku. Z poważaniem, Hurtownia Kowalski</p>"
PDF = b"%PDF-1.4 faktura 12/2022 " + bytes(range(256)) * 16


@tagged("post_install", "-at_install")
class TestArchiveTour(ArchiveCase, HttpCase):
    """Issue 15's tour: a partner with an old e-mail, archived by the rule; the chatter shows
    the archived mark, opens the message and its file, and restores it."""

    def test_archive_open_restore_in_the_chatter(self):
        message = self._post(self.partner, BODY, [("faktura.pdf", PDF)])
        raw_body = self._raw_body(message)
        self.assertEqual(self._rule()._run()[0], 1)
        self.assertTrue(message.crm_archived)

        self.start_tour(f"/odoo/res.partner/{self.partner.id}", "crm_mail_archive_tour", login="admin", timeout=120)

        self.env.invalidate_all()
        self.assertFalse(message.crm_archived)
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)
