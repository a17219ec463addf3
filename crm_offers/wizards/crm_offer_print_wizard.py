from odoo import _, api, fields, models
from odoo.exceptions import UserError


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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            order_id = vals["order_id"] if "order_id" in vals else self.default_get(["order_id"]).get("order_id")
            self.env["sale.order"]._check_offer_wizard_target(order_id)
        return super().create(vals_list)

    def action_print(self):
        self.ensure_one()
        self._check_template()
        self.order_id.offer_template_id = self.template_id
        # render a custom body now, so that a failing template is named here and the user
        # can pick another one, instead of failing later in the PDF download
        self.template_id._render_offer_bodies(self.order_id)
        action = self.env.ref("crm_offers.action_report_offer").report_action(self.order_id)
        action["close_on_report_download"] = True
        return action

    def action_send(self):
        self.ensure_one()
        self._check_template()
        self.order_id.offer_template_id = self.template_id
        self.template_id._render_offer_bodies(self.order_id)
        return self.order_id._offer_send_composer_action()

    def _check_template(self):
        if self.template_id.company_id and self.template_id.company_id != self.order_id.company_id:
            raise UserError(
                _(
                    "The print template %(template)s belongs to another company than the offer %(offer)s.",
                    template=self.template_id.name,
                    offer=self.order_id.display_name,
                )
            )
