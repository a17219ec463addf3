{
    "name": "CRM: Pro Forma Invoices (Faktura Pro Forma)",
    "summary": "Numbered pro forma invoices with no accounting effect, convertible into invoices",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["account", "crm_reminders"],
    "external_dependencies": {"python": []},
    "data": [
        "security/ir.model.access.csv",
        "views/crm_proforma_menus.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "application": False,
    "installable": True,
}
