{
    "name": "CRM: Contacts, Tasks, Terminarz and Przypominacz",
    "summary": "Customer contacts and tasks, the Terminarz calendar and the Przypominacz reminders",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["mail", "calendar", "contacts"],
    "external_dependencies": {"python": []},
    "data": [
        "security/crm_reminders_security.xml",
        "security/ir.model.access.csv",
        "views/crm_reminders_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_reminders/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
