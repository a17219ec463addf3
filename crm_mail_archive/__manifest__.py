{
    "name": "CRM: Mail Archive (Archiwizacja maili)",
    "summary": "Move old mail bodies and attachments to external storage while keeping headers, history and links",
    "version": "18.0.1.2.0",
    "category": "Productivity/Discuss",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["mail", "portal", "crm_reminders"],
    "external_dependencies": {"python": ["fsspec", "cryptography"]},
    "data": [
        "security/ir.model.access.csv",
        "data/crm_mail_archive_message_type_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_mail_archive_storage_views.xml",
        "views/crm_mail_archive_rule_views.xml",
        "views/crm_mail_archive_stub_views.xml",
        "views/mail_message_views.xml",
        "views/crm_mail_archive_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_mail_archive/static/src/message/*",
            "crm_mail_archive/static/src/attachment/*",
        ],
        "web.assets_tests": [
            "crm_mail_archive/static/tests/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
