from odoo import Command, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    offer_sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Offer Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Offer line of a pro forma line; becomes the invoice line's sale line on conversion.",
    )

    def _prepare_proforma_invoice_line_vals(self):
        vals = super()._prepare_proforma_invoice_line_vals()
        if self.offer_sale_line_id:
            vals["sale_line_ids"] = [Command.set(self.offer_sale_line_id.ids)]
        return vals
