"""Each addon installs alone from the Apps list, its menus load, and it uninstalls cleanly.

Driven the way an administrator does it: the Apps list's own buttons
(`button_immediate_install`, `button_immediate_uninstall`) over JSON-RPC against a running server.
"""

import os

import pytest
from testrun import suite_addons  # tools/testrun.py: the one addon list, tools/addons.txt

# The suite's addons on this addons path (an optional addon only when its dependency is there).
ADDONS = suite_addons(os.environ.get("ADDONS_PATH"))


def _module(db, name):
    records = db.call(
        "ir.module.module", "search_read", [("name", "=", name)], fields=["state", "shortdesc", "summary"]
    )
    assert records, f"{name} is not in the Apps list"
    return records[0]


def _menus_of(db, addon):
    data = db.call(
        "ir.model.data", "search_read", [("module", "=", addon), ("model", "=", "ir.ui.menu")], fields=["res_id"]
    )
    return db.call(
        "ir.ui.menu", "read", [d["res_id"] for d in data], fields=["name", "complete_name", "action", "child_id"]
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_installs_alone_and_uninstalls_cleanly(fresh_db, addon):
    db = fresh_db
    db.call("ir.module.module", "update_list")
    module = _module(db, addon)
    assert module["state"] == "uninstalled"
    assert module["shortdesc"] and module["summary"], "the Apps list shows a name and a summary"

    db.call("ir.module.module", "button_immediate_install", [module["id"]])
    assert _module(db, addon)["state"] == "installed"

    loaded = db.call("ir.ui.menu", "load_menus", False)
    menus = [m for m in _menus_of(db, addon) if m["action"] or m["child_id"]]
    assert menus, f"{addon} shows no menu"
    for menu in menus:
        # Settings / Technical shows in debug mode only, which a JSON-RPC session is not in:
        # those menus' actions are checked below like the others
        if not menu["complete_name"].startswith("Settings/Technical/"):
            assert str(menu["id"]) in loaded, f"menu {menu['name']} does not load"
        if menu["action"] and menu["action"].startswith("ir.actions.act_window,"):
            action_id = int(menu["action"].split(",")[1])
            action = db.call("ir.actions.act_window", "read", [action_id], fields=["res_model", "view_mode"])[0]
            views = [[False, mode] for mode in action["view_mode"].split(",")] + [[False, "search"]]
            assert db.call(action["res_model"], "get_views", views)["views"]

    ours = [
        m["name"]
        for m in db.call(
            "ir.module.module",
            "search_read",
            [("name", "=like", "crm\\_%"), ("state", "=", "installed")],
            fields=["name"],
        )
    ]
    assert set(ours) <= set(suite_addons(include_all=True)) | {"crm_sms"}, (
        "only the addon and the suite addons it depends on are installed"
    )

    db.call("ir.module.module", "button_immediate_uninstall", [module["id"]])
    assert _module(db, addon)["state"] == "uninstalled"
    left = db.call("ir.model.data", "search_count", [("module", "=", addon)])
    assert left == 0, f"{addon} left {left} records behind after uninstall"
    assert db.server.new_log_problems() == []
