from odoo import _, fields, models

from odoo.addons.crm_reminders.models.input_checks import check_records


class AccountMove(models.Model):
    """Pro formas and invoices remember the offer they came from (the offer -> pro forma ->
    invoice chain)."""

    _inherit = "account.move"

    offer_id = fields.Many2one(
        "sale.order",
        copy=False,
        readonly=True,
        index="btree_not_null",
        domain=[("is_offer", "=", True)],
        help="Commercial offer this document was made from.",
    )

    def _prepare_proforma_invoice_vals(self):
        vals = super()._prepare_proforma_invoice_vals()
        vals["offer_id"] = self.offer_id.id
        return vals

    def _convert_to_invoice(self):
        """Confirm the offer's quotation first, so the invoice lines count on its order."""
        # The accountant converting the pro forma may have no sales rights: the order
        # confirmation is part of the conversion, not a separate sales decision.
        self.offer_id.sudo()._offer_confirm_for_invoice()
        return super()._convert_to_invoice()

    def action_open_offer(self):
        check_records(self, single=True)
        return {
            "type": "ir.actions.act_window",
            "name": _("Offer"),
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(self.env.ref("crm_offers.view_offer_form").id, "form")],
            "res_id": self.offer_id.id,
        }
