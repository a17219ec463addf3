from odoo.tests import HttpCase, tagged

from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, HttpCase):
    """Issue 10: a Polish administrator (archiving is a setting) walks the mail archive
    screens in the browser."""

    polish_addon = "crm_mail_archive"
    walk_groups = "base.group_user,base.group_system,crm_reminders.group_crm_manager"
