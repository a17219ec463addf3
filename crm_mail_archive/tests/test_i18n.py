import base64
import os
import shutil
import tempfile
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.crm_reminders.tests.polish import PolishCase


@tagged("post_install", "-at_install")
class TestPolish(PolishCase):
    """Issue 10 item 1 for the mail archive: menus, labels, views and choices in Polish."""

    polish_addon = "crm_mail_archive"
    polish_groups = "base.group_user,base.group_system"

    def test_archive_in_polish(self):
        env = self.env_pl
        self.assertEqual(env.ref("crm_mail_archive.menu_mail_archive").name, "Reguły archiwizacji poczty")
        self.assertEqual(env.ref("crm_mail_archive.menu_mail_archive_storage").name, "Repozytoria archiwum poczty")
        fields = env["crm.mail.archive.rule"].fields_get(["older_than_days", "attachment_filter"])
        self.assertEqual(fields["older_than_days"]["string"], "Starsze niż (dni)")
        self.assertIn(("with", "Tylko z załącznikami"), fields["attachment_filter"]["selection"])
        arch = env["crm.mail.archive.storage"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Testuj połączenie", arch)
        arch = env["crm.mail.archive.rule"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Które wiadomości", arch)
        self.assertEqual(env.ref("crm_mail_archive.message_type_email").name, "E-mail przychodzący")
        # the placeholder body the chatter shows, in the reader's language
        self.assertEqual(
            env["mail.message"].with_context(lang="pl_PL").env._("The body of this message is in the mail archive."),
            "Treść tej wiadomości znajduje się w archiwum poczty.",
        )

    def test_decryption_failure_in_polish(self):
        """Breaker's s4 finding 6: the reason an archived copy cannot be decrypted is Polish too,
        not the English text of ``crypto`` inside a Polish sentence."""
        folder = tempfile.mkdtemp(prefix="crm_mail_archive_pl_")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        partner = self.env["res.partner"].create({"name": "Hurtownia Kowalski"})
        message = self.env["mail.message"].create(
            {"model": "res.partner", "res_id": partner.id, "body": "<p>Poufne</p>", "message_type": "email"}
        )
        key = base64.urlsafe_b64encode(os.urandom(32)).decode()
        with patch.dict(config.options, {"crm_mail_archive_key": key}):
            storage = self.env["crm.mail.archive.storage"].create(
                {"name": "Szyfrowany", "root_path": folder, "encrypt": True}
            )
            message._crm_archive(storage)
        storage.key_fingerprint = False  # archived before fingerprints were recorded
        other = base64.urlsafe_b64encode(os.urandom(32)).decode()
        with (
            patch.dict(config.options, {"crm_mail_archive_key": other}),
            self.assertRaisesRegex(UserError, "^Nie można odszyfrować .*: zły klucz lub uszkodzony obiekt$"),
        ):
            message.with_env(self.env_pl).crm_archive_read()
