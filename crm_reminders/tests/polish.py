"""A test case that reads an addon in Polish, as a Polish user of the web client does.

Issue 10, item 1: each addon has a test that loads Polish and finds its menus, field labels,
view strings and selection values in Polish. This base does the loading once for them all.
"""

import datetime
import json

import polib

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.misc import file_path
from odoo.tools.safe_eval import safe_eval

# Entries that are not words a user reads as such: placeholders, markup, field or xml names.
TECHNICAL_MARKS = ("%", "{", "<", "\n", "_", "http")


class PolishCase(TransactionCase):
    """Loads the Polish terms of ``polish_addon`` and gives ``env_pl``: an environment of a
    Polish-speaking user of ``polish_groups`` (comma-separated xml ids), in Polish."""

    polish_addon = None
    polish_groups = "base.group_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        cls.env["ir.module.module"]._load_module_terms([cls.polish_addon], ["pl_PL"], overwrite=True)
        cls.polish_user = new_test_user(
            cls.env,
            login=f"{cls.polish_addon}_pl",
            groups=cls.polish_groups,
            lang="pl_PL",
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.env_pl = cls.env(user=cls.polish_user, context={"lang": "pl_PL"})


class PolishWalkMixin:
    """A browser walk of every screen of ``polish_addon`` by a Polish-speaking user (issue 10).

    Mix it into an ``HttpCase`` (or a subclass such as ``AccountTestInvoicingHttpCommon``)
    and set ``polish_addon`` and ``walk_groups``: the least-privileged groups that show every
    menu of the addon. The test's ``setUpClass`` makes the records the screens show (one the
    user can see in each list or kanban whose form is opened). One tour, ``crm_polish_walk``,
    opens each menu of the addon, every view of its action, and the form of the first record;
    on each screen it fails on any of the addon's own English strings (multi-word msgids of
    its ``.pot`` whose Polish differs or is missing) and on any client error.

    ``walk_skip_form``: menu xml ids whose form is not opened (a list edited in place, records
    its default filters hide); an action without any record for the user opens none anyway.
    """

    polish_addon = None
    walk_groups = "base.group_user"
    walk_skip_form = ()
    allow_inherited_tests_method = True

    @classmethod
    def _polish_walk_user(cls):
        if not getattr(cls, "_walk_user", None):
            cls.env["res.lang"]._activate_lang("pl_PL")
            cls._walk_user = new_test_user(
                cls.env,
                login=f"{cls.polish_addon}_walk",
                name="Anna Nowak",
                groups=cls.walk_groups,
                lang="pl_PL",
                tz="Europe/Warsaw",
                company_id=cls.env.company.id,
                company_ids=[Command.set(cls.env.company.ids)],
            )
        return cls._walk_user

    def _english_strings(self):
        """The addon's msgids (of its ``.pot``) a Polish user must not meet: several words, not
        technical (no placeholders, markup or field names), and not kept as such in their Polish;
        an entry missing from ``pl.po`` or left empty there counts (it shows in English)."""
        polish = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path(f"{self.polish_addon}/i18n/pl.po"))
            if not entry.obsolete
        }
        english = set()
        for entry in polib.pofile(file_path(f"{self.polish_addon}/i18n/{self.polish_addon}.pot")):
            msgid = entry.msgid.strip()
            if " " not in msgid or any(mark in msgid for mark in TECHNICAL_MARKS):
                continue
            translated = polish.get(entry.msgid) or ""
            # words Polish keeps ("pro forma" in "faktura pro forma") prove nothing on the page
            if msgid not in translated:
                english.add(msgid)
        return sorted(english)

    def _walk_plan(self, user):
        """The menus of the addon as the walk clicks them: the navbar path, the title the
        breadcrumb shows, the views of the action, and where to open a record's form."""
        env = self.env(user=user, context={"lang": "pl_PL"})
        root = self.env.ref("crm_reminders.menu_root")
        visible = env["ir.ui.menu"].load_menus(debug=False)
        data = self.env["ir.model.data"].search(
            [("module", "=", self.polish_addon), ("model", "=", "ir.ui.menu")], order="id"
        )
        # the CRM app's menus (an addon may also give an action a second entry in another app)
        menus = (
            self.env["ir.ui.menu"]
            .browse(data.mapped("res_id"))
            .exists()
            .filtered(lambda m: m.action and m.parent_path.startswith(root.parent_path))
            - root
        )
        plan = []
        for menu in menus.sorted(lambda m: (m.parent_id.sequence, m.parent_id.id, m.sequence, m.id)):
            xmlid = menu.get_external_id()[menu.id]
            self.assertIn(menu.id, visible, f"{menu.complete_name} is hidden from the walk's user")
            ancestors = []
            parent = menu
            while parent != root:
                ancestors.insert(0, parent)
                parent = parent.parent_id
            path = [ancestors[0], menu] if len(ancestors) > 1 else [menu]
            action = env[menu.action._name].browse(menu.action.id).sudo()
            if action._name != "ir.actions.act_window":
                continue
            step = {"path": [m.get_external_id()[m.id] for m in path], "title": action.name}
            views = [mode for mode in action.view_mode.split(",") if mode != "form"]
            if action.target == "new" or not views:
                step.update(views=[], form="", dialog=True)
            else:
                step["views"] = views
                step["form"] = ""
                if "form" in action.view_mode and xmlid not in self.walk_skip_form and self._has_records(env, action):
                    step["form"] = next((v for v in views if v in ("list", "kanban")), "")
            plan.append(step)
        self.assertTrue(plan, f"{self.polish_addon} has no menu to walk")
        return plan

    def _has_records(self, env, action):
        """Whether the user sees a record in the action (its domain, not its default filters):
        a screen without one has no form to open."""
        eval_context = dict(env["ir.actions.actions"]._get_eval_context(), context_today=datetime.date.today)
        domain = safe_eval(action.domain or "[]", eval_context)
        return bool(env[action.res_model].search_count(domain, limit=1))

    def test_polish_walk(self):
        user = self._polish_walk_user()
        # Polish as a Polish Odoo has it: every installed addon's terms, core's too, so that a
        # string of ours that core also shows (a field label, say) reads as the user sees it
        addons = self.env["ir.module.module"].search([("state", "=", "installed")])
        self.env["ir.module.module"]._load_module_terms(addons.mapped("name"), ["pl_PL"], overwrite=True)
        walk = {"menus": self._walk_plan(user), "english": self._english_strings()}
        self.assertTrue(walk["english"])
        # the tour's steps are built from the plan as soon as the page asks whether it is ready
        ready = f"(window.crmPolishWalk = {json.dumps(walk)}) && odoo.isTourReady('crm_polish_walk')"
        code = "odoo.startTour('crm_polish_walk', {stepDelay: 0, keepWatchBrowser: false})"
        self.start_tour("/odoo", "crm_polish_walk", login=user.login, timeout=300, code=code, ready=ready)
