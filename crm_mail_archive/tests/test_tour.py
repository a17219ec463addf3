from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.crm_reminders.tests.jsonrpc import execute_kw

from .common import ArchiveCase

BODY = "<p>Faktura 12/2022 w załączniku. Z poważaniem, Hurtownia Kowalski</p>"
PDF = b"%PDF-1.4 faktura 12/2022 " + bytes(range(256)) * 16


@tagged("post_install", "-at_install")
class TestArchiveTour(ArchiveCase, HttpCase):
    """Issue 15's tour, each step by the least-privileged user meant to do it.

    Archiving and restoring are for administrators (*Settings*, ``base.group_system``): the
    tour's administrator is an internal user with that group and nothing else. Reading an
    archived message is for anyone who may read its document: a plain internal user.
    Who cannot read the document gets an access error for the body and a 404 for the file:
    ``test_read.TestReadArchived.test_user_who_cannot_read_the_record_is_refused``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="archive_manager", groups="base.group_user,base.group_system", password="archive_manager"
        )

    def test_archive_open_restore_in_the_chatter(self):
        message = self._post(self.partner, BODY, [("faktura.pdf", PDF)], subject="Faktura 12/2022")
        raw_body = self._raw_body(message)
        partner_url = f"/odoo/res.partner/{self.partner.id}"

        # 1. the administrator archives it with the rule's "Archive Now"
        rule = self._rule(
            name="Stare e-maile Kowalskiego",
            model_ids=[Command.set(self.env["ir.model"]._get("res.partner").ids)],
            domain=f"[('res_id', '=', {self.partner.id})]",
        )
        self.start_tour(
            f"/odoo/action-crm_mail_archive.action_crm_mail_archive_rule/{rule.id}",
            "crm_mail_archive_archive_tour",
            login="archive_manager",
            timeout=120,
        )
        self.env.invalidate_all()
        self.assertTrue(message.crm_archived)
        self.assertEqual(self._raw_body(message), "")
        self.assertEqual(message.attachment_ids.file_size, 0)
        self.assertEqual(len(message.sudo().crm_archive_stub_ids), 2)

        # 2. a plain internal user reads it from the chatter, and may not restore it
        self.start_tour(partner_url, "crm_mail_archive_read_tour", login="archive_user", timeout=120)
        with mute_logger("odoo.http"):
            answer = execute_kw(
                self, self.user, "archive_user", "mail.message", "crm_archive_restore_to_store", [[message.id]]
            )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.env.invalidate_all()
        self.assertTrue(message.crm_archived)

        # 3. the administrator restores it from the chatter
        self.start_tour(partner_url, "crm_mail_archive_restore_tour", login="archive_manager", timeout=120)
        self.env.invalidate_all()
        self.assertFalse(message.crm_archived)
        self.assertEqual(self._raw_body(message), raw_body)
        self.assertEqual(message.attachment_ids.raw, PDF)
