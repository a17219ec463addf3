from odoo.tests import tagged

from .common import AddonMenusCase, AddonMenuTourCase


class TestMenus(AddonMenusCase):
    module = "crm_reminders"


@tagged("post_install", "-at_install")
class TestMenuTour(AddonMenuTourCase):
    menu_path = ("crm_reminders.menu_terminarz",)
