"""Test helpers shared by every crm_* addon of the suite."""

import json
from contextlib import contextmanager

from odoo.tests import HttpCase, TransactionCase

from odoo.addons.base.tests.common import new_test_user

from .jsonrpc import execute_kw


class AddonMenusCase(TransactionCase):
    """Checks that the menus an addon declares load and their actions open.

    Subclasses set ``module`` to the addon's technical name. The check is what the web
    client does when a user clicks a menu: the menu is in ``load_menus`` for an
    administrator, its action reads, and the action's model returns its views.
    """

    module = None
    # app root menus (xml ids) besides the CRM root where the addon may give its actions a
    # second entry for users of that app (e.g. the accountant's Invoicing)
    other_roots = ()
    allow_inherited_tests_method = True  # Odoo collects only a class's own tests otherwise

    def _module_records(self, model):
        data = self.env["ir.model.data"].search([("module", "=", self.module), ("model", "=", model)])
        return self.env[model].browse(data.mapped("res_id")).exists()

    def test_menus_and_actions_load(self):
        menus = self._module_records("ir.ui.menu")
        self.assertTrue(menus, f"{self.module} declares no menu")
        admin_env = self.env(user=self.env.ref("base.user_admin"))
        visible = admin_env["ir.ui.menu"].load_menus(debug=False)
        for menu in menus.filtered(lambda m: m.action or m.child_id):
            # A section without entries yet (filled by other addons) is hidden, rightly.
            self.assertTrue(menu.id in visible, f"menu {menu.complete_name} is not shown to an administrator")
            root = menu
            while root.parent_id:
                root = root.parent_id
            roots = self.env.ref("crm_reminders.menu_root").union(*(self.env.ref(xmlid) for xmlid in self.other_roots))
            self.assertIn(root, roots, f"{menu.complete_name} is not under the CRM root menu")
            if menu.action and menu.action._name == "ir.actions.act_window":
                action = menu.action
                views = [(view.id, view.view_mode) for view in action.view_ids] or [
                    (False, mode) for mode in action.view_mode.split(",")
                ]
                result = admin_env[action.res_model].get_views(views + [(False, "search")])
                self.assertTrue(result["views"], f"no view loads for {action.name}")


class AddonMenuTourCase(HttpCase):
    """Opens an addon's first menu in a headless browser through the CRM root menu.

    ``menu_path`` lists the xml ids to click after the CRM app opens (a section, then an
    entry of its dropdown, or a single entry). The tour fails on any client error.
    """

    menu_path = ()
    allow_inherited_tests_method = True

    def test_first_menu_opens_in_browser(self):
        options = {
            "stepDelay": 0,
            "keepWatchBrowser": False,
            "debug": False,
            "startUrl": "/odoo",
            "delayToCheckUndeterminisms": 0,
        }
        menu_path = json.dumps(",".join(self.menu_path))
        code = f"window.crmTourMenuPath = {menu_path}; odoo.startTour('crm_open_menu', {json.dumps(options)})"
        self.start_tour("/odoo", "crm_open_menu", login="admin", code=code)


class ReminderCase(TransactionCase):
    """Users, a customer and helpers for the reminder and task tests.

    ``self.user`` is the least-privileged user the feature is for (CRM user), in UTC unless
    a test says otherwise; ``self.plain`` an internal user without the CRM group.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="crm_rem_user",
            groups="base.group_user,crm_reminders.group_crm_user",
            tz="UTC",
            email="rem.user@example.com",
        )
        cls.colleague = new_test_user(
            cls.env, login="crm_rem_colleague", groups="base.group_user,crm_reminders.group_crm_user", tz="UTC"
        )
        cls.manager = new_test_user(
            cls.env, login="crm_rem_manager", groups="base.group_user,crm_reminders.group_crm_manager", tz="UTC"
        )
        cls.plain = new_test_user(cls.env, login="crm_rem_plain", groups="base.group_user", tz="UTC")
        cls.customer = cls.env["res.partner"].create({"name": "Kowalski Sp. z o.o.", "is_company": True})
        cls.contact_person = cls.env["res.partner"].create({"name": "Jan Kowalski", "parent_id": cls.customer.id})

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """Like Odoo's ``assertRaises``: the failed operation is rolled back to a savepoint,
        so the test can then check that nothing was half-written."""
        if args or kwargs:
            return super().assertRaisesRegex(expected_exception, expected_regex, *args, **kwargs)
        return self._raises_rolled_back(expected_exception, expected_regex)

    @contextmanager
    def _raises_rolled_back(self, expected_exception, expected_regex):
        with self.assertRaises(expected_exception) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)

    def make_task(self, user=None, **values):
        """A task created by ``user`` (default ``self.user``), owned by them unless given."""
        user = user or self.user
        values.setdefault("name", "Call the customer")
        values.setdefault("partner_id", self.customer.id)
        return self.env["crm.task"].with_user(user).create(values)

    def reminders(self, user=None, limit=None):
        return self.env["crm.reminder"].with_user(user or self.user).get_reminders(limit=limit)

    def reminder_titles(self, user=None, limit=None):
        return [item["title"] for item in self.reminders(user, limit)]


class JsonRpcCase(HttpCase):
    """Calls models over JSON-RPC (``/jsonrpc`` ``execute_kw``) as a given user, as the web
    client's and the external Przypominacz's calls reach the server.

    ``rpc()`` returns the result and fails the test on any error; ``rpc_error()`` expects an
    error, checks that it is one a user is meant to read (``UserError`` and its kinds, never a
    Python or database error) and returns its ``data`` (``name``, ``message``). Odoo logs a
    refused call as a warning; that expected line is captured here, not left in the test log.
    """

    USER_ERRORS = (
        "odoo.exceptions.UserError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.AccessError",
        "odoo.exceptions.MissingError",
    )

    def _execute_kw(self, user, password, model, method, args, kwargs):
        return execute_kw(self, user, password, model, method, args, kwargs)

    def rpc(self, user, password, model, method, *args, **kwargs):
        body = self._execute_kw(user, password, model, method, args, kwargs)
        self.assertNotIn("error", body, body.get("error"))
        return body.get("result")  # Odoo leaves out a None result

    def rpc_error(self, user, password, model, method, *args, **kwargs):
        with self.assertLogs("odoo.http", "WARNING"):
            body = self._execute_kw(user, password, model, method, args, kwargs)
        self.assertIn("error", body, f"{model}.{method} was not refused")
        data = body["error"]["data"]
        self.assertIn(data["name"], self.USER_ERRORS, data.get("debug"))
        return data
