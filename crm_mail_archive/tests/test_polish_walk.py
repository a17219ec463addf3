import shutil
import tempfile

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, HttpCase):
    """Issue 10: a Polish administrator (archiving is a setting) walks the mail archive
    screens in the browser: rules, storages, the archive wizard, archived objects, runs."""

    polish_addon = "crm_mail_archive"
    walk_groups = "base.group_user,base.group_system,crm_reminders.group_crm_manager"
    # nothing archived yet: no archived object and no run to open
    walk_skip_form = ("crm_mail_archive.menu_mail_archive_stub", "crm_mail_archive.menu_mail_archive_run")

    def _walk_plan(self, user):
        """The walk goes through the CRM menus; their copies under Settings > Technical (debug
        mode only, outside of the CRM root) open the very same actions, so they are left out
        of the walk: without an action a menu is not walked (rolled back with the test)."""
        technical = self.env["ir.ui.menu"].search([("parent_id", "=", self.env.ref("base.menu_email").id)])
        technical = technical.filtered(lambda menu: menu.get_external_id()[menu.id].startswith("crm_mail_archive."))
        actions = {menu: menu.action for menu in technical}
        technical.action = False
        try:
            return super()._walk_plan(user)
        finally:
            for menu, action in actions.items():
                menu.action = action

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = tempfile.mkdtemp(prefix="crm_walk_archive_")
        cls.addClassCleanup(shutil.rmtree, folder, ignore_errors=True)
        storage = cls.env["crm.mail.archive.storage"].create(
            {"name": "Archiwum lokalne", "protocol": "file", "root_path": folder}
        )
        cls.env["crm.mail.archive.rule"].create(
            {"name": "Stara poczta", "storage_id": storage.id, "older_than_days": 365}
        )
