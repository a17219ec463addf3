{
    "name": "CRM: Team Terminarz (timeline)",
    "summary": "The Terminarz of a team: each operator's tasks and meetings side by side on a timeline",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    # AGPL-3 like OCA's web_timeline, whose view classes this addon extends.
    "license": "AGPL-3",
    "depends": ["crm_reminders", "web_timeline"],
    "external_dependencies": {"python": []},
    "data": [
        "views/crm_task_views.xml",
        "views/crm_reminders_timeline_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "crm_reminders_timeline/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_reminders_timeline/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "application": False,
    "installable": True,
}
