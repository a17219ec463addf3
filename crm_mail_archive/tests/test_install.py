from odoo.tests import TransactionCase, tagged

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.crm_reminders.tests.common import AddonMenusCase, AddonMenuTourCase

TECHNICAL_MENUS = (
    "menu_mail_archive_technical_rule",
    "menu_mail_archive_technical_storage",
    "menu_mail_archive_technical_wizard",
    "menu_mail_archive_technical_stub",
    "menu_mail_archive_technical_run",
)


class TestMenus(AddonMenusCase):
    module = "crm_mail_archive"

    def _module_records(self, model):
        """The CRM menus; the copies under Settings > Technical are checked below."""
        records = super()._module_records(model)
        if model == "ir.ui.menu":
            records = records.filtered(lambda menu: menu.parent_id != self.env.ref("base.menu_email"))
        return records


class TestSettingsMenus(TransactionCase):
    """Issue 15: archiving is for Settings users; one without the CRM finds it under
    Settings > Technical > Email."""

    def test_settings_only_user_finds_the_archive_menus(self):
        user = new_test_user(self.env, login="archive_settings_only", groups="base.group_system")
        self.assertFalse(user.has_group("crm_reminders.group_crm_manager"))
        # what load_menus shows in debug mode (Technical is a debug menu; outside of a request
        # load_menus itself filters without debug)
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids(debug=True)
        for xmlid in TECHNICAL_MENUS:
            menu = self.env.ref(f"crm_mail_archive.{xmlid}")
            self.assertIn(menu.id, visible, f"{menu.complete_name} is hidden from a Settings user")
            self.assertEqual(menu.parent_id, self.env.ref("base.menu_email"))
            action = menu.action.with_user(user)
            views = [(False, mode) for mode in action.view_mode.split(",")] + [(False, "search")]
            self.assertTrue(self.env[action.res_model].with_user(user).get_views(views)["views"])
        # the CRM copies sit under CRM > Configuration, for CRM managers only: hidden from this user
        self.assertNotIn(self.env.ref("crm_reminders.menu_configuration").id, visible)
        # a plain internal user sees none of them
        clerk = new_test_user(self.env, login="archive_clerk", groups="base.group_user")
        hidden = self.env["ir.ui.menu"].with_user(clerk)._visible_menu_ids(debug=True)
        self.assertFalse({self.env.ref(f"crm_mail_archive.{xmlid}").id for xmlid in TECHNICAL_MENUS} & set(hidden))


@tagged("post_install", "-at_install")
class TestMenuTour(AddonMenuTourCase):
    menu_path = ("crm_reminders.menu_configuration", "crm_mail_archive.menu_mail_archive")
