{
    "name": "CRM: Pro Forma Invoices (Faktura Pro Forma)",
    "summary": "Numbered pro forma invoices with no accounting effect, convertible into invoices",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["account", "crm_reminders"],
    "external_dependencies": {"python": []},
    "data": [
        "security/ir.model.access.csv",
        # the report comes before the mail template that attaches it
        "report/proforma_report.xml",
        "report/proforma_templates.xml",
        "data/mail_template_data.xml",
        "views/account_move_views.xml",
        "views/crm_proforma_menus.xml",
    ],
    "demo": ["demo/account_move_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "crm_proforma/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "application": False,
    "installable": True,
}
