from datetime import datetime

from odoo.tests import HttpCase, tagged

from .polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, HttpCase):
    """Issue 10: a Polish CRM manager (Reminder Sources are configuration) walks every screen
    of crm_reminders in the browser: tasks, Terminarz, customers, reminder sources."""

    polish_addon = "crm_reminders"
    walk_groups = "base.group_user,crm_reminders.group_crm_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = cls._polish_walk_user()
        customer = cls.env["res.partner"].create(
            {"name": "Kowalski Sp. z o.o.", "is_company": True, "customer_rank": 1}
        )
        cls.env["crm.task"].create(
            {
                "name": "Telefon do Kowalskiego",
                "kind": "call",
                "partner_id": customer.id,
                "user_id": user.id,
                # the Terminarz opens on the current week; the list shows it whatever the date
                "deadline": datetime.now().replace(hour=9, minute=0, second=0, microsecond=0),
            }
        )
