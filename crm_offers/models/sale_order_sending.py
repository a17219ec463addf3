from odoo import _, api, models


class SaleOrder(models.Model):
    """Printing and e-mailing offers: the print wizard, the mail composer with the offer's
    mail template, marking the offer sent when the mail goes out."""

    # one file a job (issue 11), each extending sale.order
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def action_offer_print(self):
        self._offer_ensure_one()
        for order in self:
            self._check_offer_wizard_target(order.id)
        return self._offer_print_wizard_action("print")

    def action_offer_send(self):
        self._offer_ensure_one()
        self._check_offer_transition("sent", also_from=("sent", "accepted"))
        return self._offer_print_wizard_action("send")

    def _offer_print_wizard_action(self, mode):
        self._offer_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Print Offer") if mode == "print" else _("Send Offer"),
            "res_model": "crm.offer.print.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id, "default_mode": mode},
        }

    def _offer_mark_sent(self):
        self._check_offer_transition("sent", also_from=("sent", "accepted"))
        self.filtered(lambda o: o.offer_state == "draft").write({"offer_state": "sent"})
        self.write({"offer_was_sent": True})

    def _offer_send_composer_action(self):
        """The mail composer with the offer's mail template; its report attaches the print
        made with the offer's print template, and posting marks the offer sent."""
        self.ensure_one()
        self._check_offer_transition("sent", also_from=("sent", "accepted"))
        template = self.env.ref("crm_offers.mail_template_offer", raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Offer"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "mark_offer_as_sent": True,
                "force_email": True,
            },
        }

    def mail_allowed_qweb_expressions(self):
        """Offer placeholders usable in custom print templates by users who are not
        template editors (plain field values, no code)."""
        return super().mail_allowed_qweb_expressions() + (
            "object.offer_number",
            "object.validity_date",
            "object.date_order",
            "object.amount_untaxed",
            "object.amount_total",
            "object.offer_customer_reference",
            "object.client_order_ref",
            "object.offer_promotion",
            "object.company_id.name",
            "object.partner_id.email",
            "object.user_id.email",
        )

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if self.env.context.get("mark_offer_as_sent"):
            self.filtered("is_offer")._offer_mark_sent()
        return super().message_post(**kwargs)
