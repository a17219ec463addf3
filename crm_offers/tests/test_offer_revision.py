from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OfferCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestOfferRevision(OfferCase):
    def test_revisions_numbered_and_old_frozen(self):
        offer = self._create_offer()
        self._send(offer)
        action = offer.action_offer_new_revision()
        second = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(second.offer_number, "OF/2026/0001-2")
        self.assertEqual(second.offer_state, "draft")
        self.assertEqual(second.revision_parent_id, offer)
        self.assertEqual(offer.revision_ids, second)
        self.assertEqual(offer.offer_state, "revised")
        third = second._create_offer_revision()
        self.assertEqual(third.offer_number, "OF/2026/0001-3")
        # the old offer stays as it was
        with self.assertRaisesRegex(UserError, "revised offer is kept"):
            offer.order_line.product_uom_qty = 5
        with self.assertRaisesRegex(UserError, "revised offer is kept"):
            offer.write({"order_line": [Command.create({"product_id": self.product_chair.id})]})
        with self.assertRaisesRegex(UserError, "revised offer is kept"):
            offer.partner_id = self.env["res.partner"].create({"name": "Other"})
        with self.assertRaisesRegex(UserError, "is revised and cannot be revised"):
            offer._create_offer_revision()
        self.assertEqual(offer.order_line.product_uom_qty, 2)
        # the next offer number is not consumed by revisions
        self.assertEqual(self._create_offer().offer_number, "OF/2026/0002")

    def test_diff_shows_added_removed_price_and_quantity(self):
        offer = self._create_offer(lines=((None, 2, 1000.0), (self.product_chair, 4, 250.0)))
        revision = offer._create_offer_revision()
        self.assertIn("No line changed", revision.revision_diff_html)
        desk_line = revision.order_line.filtered(lambda line: line.product_id == self.product_desk)
        desk_line.write({"product_uom_qty": 3, "price_unit": 900.0})
        revision.order_line.filtered(lambda line: line.product_id == self.product_chair).unlink()
        lamp = self.env["product.product"].create({"name": "Desk Lamp", "list_price": 80.0})
        revision.write({"order_line": [Command.create({"product_id": lamp.id, "product_uom_qty": 1})]})
        changes = {(kind, name) for kind, name, _old, _new in revision._get_revision_changes()}
        self.assertEqual(
            changes,
            {
                ("quantity", "Oak Desk"),
                ("price", "Oak Desk"),
                ("removed", "Office Chair"),
                ("added", "Desk Lamp"),
            },
        )
        revision.invalidate_recordset(["revision_diff_html"])
        html = revision.revision_diff_html
        for text in ("Quantity changed", "Price changed", "Line removed", "Line added", "OF/2026/0001-2"):
            self.assertIn(text, html)
