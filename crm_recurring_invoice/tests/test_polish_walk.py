from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, AccountTestInvoicingHttpCommon):
    """Issue 10: a Polish billing user walks the recurring invoice screens in the browser:
    the templates, the forecast and the suggestion wizards."""

    polish_addon = "crm_recurring_invoice"
    walk_groups = "base.group_user,account.group_account_invoice,crm_reminders.group_crm_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create({"name": "Klient Sp. z o.o."})
        cls.env["crm.recurring.template"].create(
            {
                "name": "Abonament",
                "journal_id": cls.company_data["default_journal_sale"].id,
                "date_start": "2026-01-01",
                "interval_unit": "month",
                "day_of_month": 1,
                "line_ids": [Command.create({"product_id": cls.product_a.id, "price_unit": 100})],
                "partner_ids": [Command.create({"partner_id": customer.id})],
            }
        )
