{
    "name": "CRM: Recurring Invoices (Faktury cykliczne)",
    "summary": "Invoice templates for many customers and unattended generation of invoices or pro formas",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["account", "crm_proforma", "crm_reminders"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "views/crm_recurring_invoice_menus.xml",
    ],
    "application": False,
    "installable": True,
}
