from odoo.tests import tagged

from odoo.addons.crm_reminders.tests.common import AddonMenusCase, AddonMenuTourCase


class TestMenus(AddonMenusCase):
    module = "crm_offers"


@tagged("post_install", "-at_install")
class TestMenuTour(AddonMenuTourCase):
    menu_path = ("crm_reminders.menu_documents", "crm_offers.menu_offer")
