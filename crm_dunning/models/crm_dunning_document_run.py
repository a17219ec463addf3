"""The dunning run's document actions: a payment reminder, an interest note or a balance
confirmation per customer and level, listing all their invoices at that level, e-mailed.

The run calls ``_dunning_do_<kind>`` inside a savepoint and then writes the ledger rows
(unique per invoice, level and action): when the ledger refuses a second row, the document,
its number and its e-mail are rolled back with it, so a rerun or a kill never issues a second
document or sends a second e-mail.
"""

from odoo import _, fields, models
from odoo.exceptions import UserError


class CrmDunningAction(models.Model):
    _inherit = "crm.dunning.action"

    document_template_id = fields.Many2one(
        "mail.template",
        string="Document Template",
        domain="[('model', '=', 'crm.dunning.document')]",
        help="The template the document is e-mailed with; empty: the default template of its kind "
        "for the customer's language.",
    )
    document_send = fields.Boolean(
        string="E-mail the Document", default=True, help="Off: the document is only issued, for printing."
    )

    def _dunning_do_payment_reminder(self, partner, moves):
        return self._dunning_do_document(partner, moves)

    def _dunning_do_interest_note(self, partner, moves):
        return self._dunning_do_document(partner, moves)

    def _dunning_do_balance_confirmation(self, partner, moves):
        return self._dunning_do_document(partner, moves)

    def _dunning_do_document(self, partner, moves):
        """Issue the document of this action's kind for ``partner`` about ``moves`` and e-mail it;
        a customer without e-mail gets it issued and a task to send it another way."""
        company = moves.company_id
        today = self.env["crm.dunning.scheme"]._company_today(company)
        document_moves = moves if self.kind != "balance_confirmation" else None
        document = self.env["crm.dunning.document"]._dunning_create(
            self.kind, partner, company, today, moves=document_moves, action=self
        )
        if not document:
            raise UserError(_("Nothing to list on the document."))
        if not self.document_send:
            return "done", _("%(document)s issued.", document=document.display_name), None
        if not partner._dunning_email_address():
            return self._dunning_fallback_task(
                partner,
                moves,
                _("%(document)s issued; the customer has no e-mail address.", document=document.display_name),
            )
        address = document._dunning_send(self.document_template_id)
        return "done", _("%(document)s e-mailed to %(address)s.", document=document.display_name, address=address), None
