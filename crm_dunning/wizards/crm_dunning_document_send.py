from markupsafe import Markup

from odoo import _, api, fields, models

from ..models.crm_dunning_document import DOCUMENT_KINDS


class CrmDunningDocumentSend(models.TransientModel):
    """Serial sending (Optima: seryjna wysyłka): one document of a kind to each selected customer."""

    _name = "crm.dunning.document.send"
    _description = "Send Dunning Documents"

    kind = fields.Selection(DOCUMENT_KINDS, required=True, default="payment_reminder")
    date = fields.Date(
        required=True, default=fields.Date.context_today, help="The day amounts and interest are counted to."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Template",
        domain="[('model', '=', 'crm.dunning.document'), ('dunning_kind', '=', kind)]",
        help="Empty: the default template of the kind in each customer's language.",
    )
    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    document_ids = fields.Many2many("crm.dunning.document", string="Documents")
    summary = fields.Html(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            values["partner_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.mail_template_id.dunning_kind != self.kind:
            self.mail_template_id = False

    def action_send(self):
        self.ensure_one()
        result = self.env["crm.dunning.document"]._dunning_send_serial(
            self.kind, self.partner_ids, self.date, template=self.mail_template_id or None
        )
        self.write(
            {
                "state": "done",
                "document_ids": [fields.Command.set((result["sent"] | result["no_email"]).ids)],
                "summary": self._summary(result),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_documents(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Dunning Documents"),
            "res_model": "crm.dunning.document",
            "view_mode": "list,form",
            "domain": [("id", "in", self.document_ids.ids)],
        }

    def _summary(self, result):
        """The batch's outcome for the user: who got what, who was skipped and why."""
        rows = [
            (_("Sent"), [f"{d.partner_id.display_name} ({d.name})" for d in result["sent"]]),
            (
                _("Issued, not sent: no e-mail address"),
                [f"{d.partner_id.display_name} ({d.name})" for d in result["no_email"]],
            ),
            (_("Skipped: nothing to list"), [p.display_name for p in result["skipped"]]),
            (_("Failed"), [f"{p.display_name}: {reason}" for p, reason in result["failed"]]),
        ]
        return Markup("<ul>%s</ul>") % Markup("").join(
            Markup("<li><b>%s</b> (%s): %s</li>") % (label, len(items), "; ".join(items) or "-")
            for label, items in rows
        )
