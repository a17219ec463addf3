from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, HttpCase):
    """Issue 10: a Polish CRM manager walks the team Terminarz in the browser (timeline,
    calendar, list and a task's form)."""

    polish_addon = "crm_reminders_timeline"
    walk_groups = "base.group_user,crm_reminders.group_crm_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        colleague = new_test_user(
            cls.env, login="tl_walk_colleague", name="Piotr Wiśniewski", groups="crm_reminders.group_crm_user"
        )
        cls._polish_walk_user().crm_reminder_team_ids = colleague
        cls.env["crm.task"].create(
            {
                "name": "Spotkanie u Kowalskiego",
                "kind": "meeting",
                "user_id": colleague.id,
                # the timeline opens on the current week; the list shows it whatever the date
                "deadline": datetime.now().replace(hour=10, minute=0, second=0, microsecond=0),
            }
        )
