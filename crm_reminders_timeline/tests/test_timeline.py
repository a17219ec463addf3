from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_reminders.tests.common import AddonMenusCase


class TestMenus(AddonMenusCase):
    module = "crm_reminders_timeline"


class TestTeamTerminarz(TransactionCase):
    """The team Terminarz is a timeline of tasks grouped by operator, offered to managers; the
    calendar stays everyone's own agenda."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="tl_manager", groups="base.group_user,crm_reminders.group_crm_manager", tz="UTC"
        )
        cls.user = new_test_user(cls.env, login="tl_user", groups="base.group_user,crm_reminders.group_crm_user")
        cls.menu = cls.env.ref("crm_reminders_timeline.menu_terminarz_team")
        cls.action = cls.env.ref("crm_reminders_timeline.action_crm_task_timeline")

    def test_menu_for_managers_only(self):
        self.assertIn(self.menu.id, self.env["ir.ui.menu"].with_user(self.manager).load_menus(debug=False))
        visible_to_user = self.env["ir.ui.menu"].with_user(self.user).load_menus(debug=False)
        self.assertNotIn(self.menu.id, visible_to_user)
        # ... who keeps the Terminarz calendar of his own agenda
        self.assertIn(self.env.ref("crm_reminders.menu_terminarz").id, visible_to_user)

    def test_timeline_rows_are_operators(self):
        self.assertEqual(self.action.view_mode.split(",")[0], "timeline")
        views = self.env["crm.task"].with_user(self.manager).get_views([(self.action.view_id.id, "timeline")])
        arch = views["views"]["timeline"]["arch"]
        for attribute in (
            'js_class="crm_task_timeline"',
            'date_start="deadline"',
            'date_delay="duration"',
            'default_group_by="user_id"',
            'mode="week"',
        ):
            self.assertIn(attribute, arch)
        # colours by kind, overdue (last, so it wins) in red
        self.assertRegex(arch, r"kind == 'call'.*kind == 'task'.*is_overdue == True\"")

    def test_auto_installed_with_its_dependencies(self):
        module = self.env["ir.module.module"].search([("name", "=", "crm_reminders_timeline")])
        self.assertTrue(module.auto_install)
        self.assertEqual(set(module.dependencies_id.mapped("name")), {"crm_reminders", "web_timeline"})

    def test_polish(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(["crm_reminders_timeline"], ["pl_PL"], overwrite=True)
        env_pl = self.env(context=dict(self.env.context, lang="pl_PL"))
        self.assertEqual(env_pl.ref("crm_reminders_timeline.menu_terminarz_team").name, "Terminarz zespołu")
        action = env_pl.ref("crm_reminders_timeline.action_crm_task_timeline")
        self.assertEqual(action.name, "Terminarz zespołu")
        self.assertIn("Zaplanuj kontakty i zadania zespołu", action.help)
        arch = env_pl["crm.task"].get_views([(self.action.view_id.id, "timeline")])["views"]["timeline"]["arch"]
        self.assertIn('string="Terminarz zespołu"', arch)
