from odoo import Command, api, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        """Refuse new lines on a converted pro forma (the move's own write is guarded too)."""
        move_ids = {vals.get("move_id") for vals in vals_list if vals.get("move_id")}
        self.env["account.move"].browse(move_ids)._check_proforma_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.move_id._check_proforma_lines_editable()
        return super().write(vals)

    def unlink(self):
        self.move_id._check_proforma_lines_editable()
        return super().unlink()

    def _prepare_proforma_invoice_line_vals(self):
        """Return the ``create()`` values of this pro forma line on the invoice made from it."""
        self.ensure_one()
        return {
            "display_type": self.display_type,
            "sequence": self.sequence,
            "name": self.name,
            "product_id": self.product_id.id,
            "product_uom_id": self.product_uom_id.id,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "account_id": self.account_id.id,
            "tax_ids": [Command.set(self.tax_ids.ids)],
            "analytic_distribution": self.analytic_distribution,
        }
