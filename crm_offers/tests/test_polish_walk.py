from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_reminders.tests.polish import PolishWalkMixin


@tagged("post_install", "-at_install")
class TestPolishWalk(PolishWalkMixin, HttpCase):
    """Issue 10: a Polish sales manager (print templates are configuration) walks the offer
    screens in the browser: offers, their analysis, the print templates."""

    polish_addon = "crm_offers"
    walk_groups = "base.group_user,sales_team.group_sale_manager,crm_reminders.group_crm_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = cls._polish_walk_user()
        customer = cls.env["res.partner"].create({"name": "Klient Sp. z o.o."})
        product = cls.env["product.product"].create({"name": "Biurko", "list_price": 500.0})
        cls.env["sale.order"].create(
            {
                "is_offer": True,
                "partner_id": customer.id,
                "user_id": user.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        cls.env["crm.offer.template"].create({"name": "Oferta firmowa", "layout": "classic"})
