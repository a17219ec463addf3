from odoo.tests import tagged

from odoo.addons.crm_reminders.tests.common import AddonMenusCase, AddonMenuTourCase


class TestMenus(AddonMenusCase):
    module = "crm_recurring_invoice"


@tagged("post_install", "-at_install")
class TestMenuTour(AddonMenuTourCase):
    menu_path = ("crm_reminders.menu_documents", "crm_recurring_invoice.menu_recurring_invoice")
