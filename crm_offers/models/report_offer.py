from odoo import api, models


class ReportOffer(models.AbstractModel):
    """Values of the offer print: the chosen template of each offer and, for custom
    templates, their body already rendered by ``mail.render.mixin``."""

    _name = "report.crm_offers.report_offer"
    _description = "Offer Print"

    @api.model
    def _get_report_values(self, docids, data=None):
        orders = self.env["sale.order"].browse(docids)
        forced = self.env["crm.offer.template"].browse((data or {}).get("offer_template_id"))
        default = self.env["crm.offer.template"]._get_default_template()
        templates = {order.id: forced or order.offer_template_id or default for order in orders}
        bodies = {}
        for template in set(templates.values()):
            if template.layout == "custom":
                template_orders = orders.filtered(lambda o, t=template: templates[o.id] == t)
                bodies.update(template._render_offer_bodies(template_orders))
        return {
            "doc_ids": docids,
            "doc_model": "sale.order",
            "docs": orders,
            "offer_templates": templates,
            "layout_views": {order_id: template._get_layout_view() for order_id, template in templates.items()},
            "custom_bodies": bodies,
        }
