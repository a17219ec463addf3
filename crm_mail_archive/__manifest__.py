{
    "name": "CRM: Mail Archive (Archiwizacja maili)",
    "summary": "Move old mail bodies and attachments to external storage while keeping headers, history and links",
    "version": "18.0.1.0.0",
    "category": "Productivity/Discuss",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["mail", "crm_reminders"],
    "external_dependencies": {"python": []},
    "data": [
        "security/ir.model.access.csv",
        "views/crm_mail_archive_menus.xml",
    ],
    "application": False,
    "installable": True,
}
