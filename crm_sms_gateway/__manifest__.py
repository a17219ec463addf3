{
    "name": "CRM: SMS Gateways (SMSAPI.pl, Twilio)",
    "summary": "Send Odoo SMS through real gateways such as SMSAPI.pl and Twilio, with failover and delivery reports",
    "version": "18.0.1.0.0",
    "category": "Marketing/SMS",
    "author": "CRM Optima for Odoo",
    "website": "https://github.com/crm-optima/odoo-crm-optima",
    "license": "LGPL-3",
    "depends": ["sms", "phone_validation", "crm_reminders"],
    "external_dependencies": {"python": ["requests", "phonenumbers", "twilio"]},
    "data": [
        "security/ir.model.access.csv",
        "views/crm_sms_gateway_views.xml",
        "wizards/sms_composer_views.xml",
        "views/crm_sms_gateway_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_sms_gateway/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_sms_gateway/static/tests/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
