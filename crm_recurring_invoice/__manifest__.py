{
    "name": "CRM: Recurring Invoices (Faktury cykliczne)",
    "summary": "Invoice templates for many customers and unattended generation of invoices or pro formas",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["account", "crm_proforma", "crm_reminders"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/crm_recurring_invoice_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/crm_reminder_source_data.xml",
        "views/crm_recurring_template_views.xml",
        "views/account_move_views.xml",
        "wizards/crm_recurring_preview_views.xml",
        "wizards/crm_recurring_suggest_views.xml",
        "views/crm_recurring_invoice_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_recurring_invoice/static/tests/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
