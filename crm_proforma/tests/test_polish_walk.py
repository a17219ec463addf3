from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, AccountTestInvoicingHttpCommon):
    """Issue 10: a Polish billing user walks the pro forma screens in the browser."""

    polish_addon = "crm_proforma"
    walk_groups = "base.group_user,account.group_account_invoice,crm_reminders.group_crm_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create({"name": "Klient Sp. z o.o."})
        cls.env["account.move"].create_proforma(
            [
                {
                    "partner_id": customer.id,
                    "invoice_line_ids": [Command.create({"product_id": cls.product_a.id, "price_unit": 100.0})],
                }
            ]
        )
