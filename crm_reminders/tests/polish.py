"""A test case that reads an addon in Polish, as a Polish user of the web client does.

Issue 10, item 1: each addon has a test that loads Polish and finds its menus, field labels,
view strings and selection values in Polish. This base does the loading once for them all.
"""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


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
