from odoo import Command, _, fields, models

from odoo.addons.crm_reminders.models.input_checks import check_records


class CrmRecurringSuggestLine(models.TransientModel):
    """One proposed template: a customer and the invoice it is repeatedly billed with."""

    _name = "crm.recurring.suggest.line"
    _description = "Suggested Recurring Invoice Template"
    _order = "month_count desc, partner_id"

    wizard_id = fields.Many2one("crm.recurring.suggest", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    move_id = fields.Many2one("account.move", string="Latest Invoice", readonly=True)
    products = fields.Char(readonly=True)
    month_count = fields.Integer(string="Months Invoiced", readonly=True)
    last_date = fields.Date(string="Last Invoiced", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed", readonly=True)

    def action_create_template(self):
        """Create a draft monthly template from the latest invoice and open it."""
        check_records(self, "write", single=True)
        self.ensure_one()
        move = self.move_id
        lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product" and line.product_id)
        template = self.env["crm.recurring.template"].create(
            {
                "name": _("%(partner)s: %(products)s", partner=self.partner_id.display_name, products=self.products),
                "journal_id": move.journal_id.id,
                "currency_id": move.currency_id.id,
                "payment_term_id": move.invoice_payment_term_id.id,
                "interval_unit": "month",
                "day_of_month": move.invoice_date.day,
                "date_start": fields.Date.add(move.invoice_date, months=1),
                "line_ids": [
                    Command.create(
                        {
                            "sequence": line.sequence,
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "discount": line.discount,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                            "analytic_distribution": line.analytic_distribution,
                        }
                    )
                    for line in lines
                ],
                "partner_ids": [Command.create({"partner_id": self.partner_id.id})],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.recurring.template",
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }
