from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, AccountTestInvoicingHttpCommon):
    """Issue 10: a Polish dunning manager walks the dunning screens in the browser: overdue
    invoices, the run wizard, the history, the schemes."""

    polish_addon = "crm_dunning"
    walk_groups = "base.group_user,crm_dunning.group_dunning_manager,crm_reminders.group_crm_user"
    # the ledger is a list only; overdue invoices open core's invoice form
    walk_skip_form = ("crm_dunning.menu_dunning_ledger", "crm_dunning.menu_overdue_invoice")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create({"name": "Klient Sp. z o.o."})
        invoice = cls.init_invoice("out_invoice", customer, invoice_date="2026-01-15", amounts=[1000.0], post=True)
        cls.env["crm.dunning.scheme"].sudo().create(
            {
                "code": "STD",
                "name": "Windykacja standardowa",
                "level_ids": [
                    Command.create(
                        {"name": "Zadanie", "day_offset": 14, "action_ids": [Command.create({"kind": "task"})]}
                    )
                ],
            }
        )
        # a payment reminder for the Dunning Documents list and form
        cls.env["crm.dunning.document"]._dunning_create(
            "payment_reminder", customer, cls.env.company, invoice.invoice_date_due + timedelta(days=30)
        )
