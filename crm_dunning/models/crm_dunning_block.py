"""Blocking sales to customers a dunning scheme blocked: no order confirmed, no customer
invoice posted (in the web client or over RPC alike: the check sits in the business methods),
unless a Dunning manager overrides it for one document with a reason. The block lifts itself
as soon as a reconciliation brings the customer's overdue amount back under the scheme's
threshold."""

from markupsafe import Markup

from odoo import _, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _dunning_block(self, scheme, reason):
        """Block these customers (commercial partners) and log it."""
        for partner in self.filtered(lambda p: not p.dunning_blocked):
            partner.sudo().write({"dunning_blocked": True, "dunning_block_scheme_id": scheme.id})
            partner._dunning_log("block", reason, scheme=scheme)

    def _dunning_unblock(self, reason):
        for partner in self.filtered("dunning_blocked"):
            scheme = partner.dunning_block_scheme_id
            partner.sudo().write({"dunning_blocked": False, "dunning_block_scheme_id": False})
            partner._dunning_log("unblock", reason, scheme=scheme)

    def _dunning_log(self, event, reason, scheme=None, document=None):
        self.ensure_one()
        self.env["crm.dunning.block.log"].sudo().create(
            {
                "partner_id": self.id,
                "event": event,
                "reason": reason,
                "scheme_id": scheme.id if scheme else False,
                "document": document,
                "user_id": self.env.user.id,
            }
        )
        labels = {"block": _("Sales blocked"), "unblock": _("Sales unblocked"), "override": _("Block overridden")}
        self.sudo()._message_log(body=Markup("<b>%s</b>: %s") % (labels[event], reason))

    def _dunning_check_block(self, document):
        """Raise when ``document`` (an order or invoice name) may not go through for this customer."""
        blocked = self.commercial_partner_id.filtered("dunning_blocked")
        if blocked:
            partner = blocked[0]
            raise UserError(
                _(
                    "%(customer)s is blocked by dunning scheme %(scheme)s because of overdue invoices: "
                    "%(document)s cannot be confirmed. A Dunning manager may override the block with a reason.",
                    customer=partner.display_name,
                    scheme=partner.dunning_block_scheme_id.display_name or "-",
                    document=document,
                )
            )

    def _dunning_lift_paid_blocks(self):
        """Lift the blocks of these customers whose overdue amount (in the blocking scheme's
        company) is no longer above the scheme's threshold."""
        for partner in self.commercial_partner_id.filtered("dunning_blocked"):
            scheme = partner.dunning_block_scheme_id
            company = scheme.company_id or self.env.company
            amount = partner.sudo()._dunning_overdue_by_partner(company).get(partner.id, ([], 0.0))[1]
            if amount <= (scheme.threshold or 0.0):
                partner._dunning_unblock(
                    _("The overdue amount fell to %(amount)s after a payment.", amount=round(amount, 2))
                )


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        for order in self.filtered(lambda o: not o.dunning_block_override):
            order.partner_id._dunning_check_block(order.name)
        return super().action_confirm()


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        for move in self.filtered(lambda m: m.move_type == "out_invoice" and not m.dunning_block_override):
            move.partner_id._dunning_check_block(move.name if move.name and move.name != "/" else _("the invoice"))
        return super()._post(soft=soft)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def reconcile(self):
        result = super().reconcile()
        self.partner_id._dunning_lift_paid_blocks()
        return result
