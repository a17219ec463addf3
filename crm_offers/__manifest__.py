{
    "name": "CRM: Commercial Offers (Oferta Handlowa)",
    "summary": "Commercial offers: numbering, validity, print templates, revisions, pro forma or invoice",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["sale_management", "crm_proforma", "crm_reminders"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "views/crm_offers_menus.xml",
    ],
    "application": False,
    "installable": True,
}
