from odoo import api, fields, models


class CrmOfferPrintWizard(models.TransientModel):
    """Pick the print template of an offer, then print it or e-mail it."""

    _name = "crm.offer.print.wizard"
    _description = "Print or Send Offer"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    mode = fields.Selection([("print", "Print"), ("send", "Send")], required=True, default="print")
    template_id = fields.Many2one(
        "crm.offer.template",
        string="Print Template",
        required=True,
        compute="_compute_template_id",
        store=True,
        precompute=True,
        readonly=False,
    )

    @api.depends("order_id")
    def _compute_template_id(self):
        for wizard in self:
            wizard.template_id = wizard.order_id.offer_template_id or self.env[
                "crm.offer.template"
            ]._get_default_template(wizard.order_id.company_id)

    def action_print(self):
        self.ensure_one()
        self.order_id.offer_template_id = self.template_id
        action = self.env.ref("crm_offers.action_report_offer").report_action(self.order_id)
        action["close_on_report_download"] = True
        return action

    def action_send(self):
        self.ensure_one()
        self.order_id.offer_template_id = self.template_id
        return self.order_id._offer_send_composer_action()
