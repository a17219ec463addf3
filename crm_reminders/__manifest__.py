{
    "name": "CRM: Contacts, Tasks, Terminarz and Przypominacz",
    "summary": "Customer contacts and tasks, the Terminarz calendar and the Przypominacz reminders",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["mail", "calendar", "contacts"],
    "external_dependencies": {"python": []},
    "data": [
        "security/crm_reminders_security.xml",
        "security/ir.model.access.csv",
        "data/crm_reminder_source_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/crm_task_views.xml",
        "views/crm_reminder_source_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/crm_reminders_menus.xml",
    ],
    "demo": ["demo/crm_task_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "crm_reminders/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_reminders/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
