{
    "name": "CRM Plus: Debt Collection (Windykacja należności)",
    "summary": "Automatic debt collection: e-mails, SMS, tasks, payment reminders, interest notes, sales blocks",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["account", "sale", "sms", "crm_reminders"],
    "external_dependencies": {"python": []},
    "data": [
        "security/ir.model.access.csv",
        "views/crm_dunning_menus.xml",
    ],
    "application": False,
    "installable": True,
}
