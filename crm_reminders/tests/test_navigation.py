from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ReminderCase


class TestNavigation(ReminderCase):
    """The CRM app lands on Contacts and Tasks; Customers lists customers (issue 10, 10)."""

    def test_app_lands_on_contacts_and_tasks(self):
        menus = self.env["ir.ui.menu"].with_user(self.user).load_menus(debug=False)
        root = menus[self.env.ref("crm_reminders.menu_root").id]
        self.assertEqual(root["action"], f"ir.actions.act_window,{self.env.ref('crm_reminders.action_crm_task').id}")
        first = menus[root["children"][0]]
        self.assertEqual(first["xmlid"], "crm_reminders.menu_crm_tasks")

    def test_customers_are_customers(self):
        action = self.env.ref("crm_reminders.menu_customers").action
        self.assertEqual(action, self.env.ref("crm_reminders.action_crm_customers"))
        context = safe_eval(action.context)
        self.assertEqual(context["search_default_filter_crm_customers"], 1)
        self.user.groups_id += self.env.ref("base.group_partner_manager")  # may create contacts
        Partner = self.env["res.partner"].with_user(self.user).with_context(**context)
        arch = Partner.get_views([(action.search_view_id.id, "search")])["views"]["search"]["arch"]
        self.assertIn('name="filter_crm_customers"', arch)
        customer = Partner.create({"name": "New from the Customers menu"})
        self.assertEqual((customer.customer_rank, customer.is_company), (1, True))
        vendor = self.env["res.partner"].create({"name": "Only a vendor"})
        found = Partner.search([("customer_rank", ">", 0), ("id", "in", (customer | vendor).ids)])
        self.assertEqual(found, customer)


@tagged("post_install", "-at_install")
class TestNavigationTour(HttpCase):
    def test_landing_in_browser(self):
        user = new_test_user(
            self.env,
            login="crm_landing",
            password="crm_landing_pw",
            groups="base.group_user,base.group_partner_manager,crm_reminders.group_crm_user",
        )
        self.env["res.partner"].create([{"name": "Landing Customer", "customer_rank": 1}, {"name": "Landing Vendor"}])
        self.env["crm.task"].with_user(user).create({"name": "Landing tour call", "kind": "call"})
        self.start_tour("/odoo", "crm_reminders_landing_tour", login="crm_landing", timeout=120)


class TestReminderSourceForm(ReminderCase):
    """The Reminder Sources form says that only date fields can be chosen and does not
    offer technical dates (issue 10, item 13)."""

    def test_date_field_choice(self):
        Source = self.env["crm.reminder.source"].with_user(self.manager)
        arch = Source.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Only date and date-and-time fields stored in the model can be chosen", arch)
        model = self.env["ir.model"]._get("crm.task")
        for fname, expected in (
            ("date_field_id", {"deadline", "date_done"}),
            ("user_field_id", {"user_id"}),
        ):
            node = etree.fromstring(arch).xpath(f"//field[@name='{fname}']")[0]
            domain = safe_eval(node.get("domain"), {"model_id": model.id})
            names = set(self.env["ir.model.fields"].with_user(self.manager).search(domain).mapped("name"))
            self.assertEqual(names, expected, fname)
