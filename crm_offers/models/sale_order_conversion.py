from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Turning an accepted offer into a pro forma or an invoice, and the links between them."""

    # one file a job (issue 11), each extending sale.order
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    offer_move_ids = fields.One2many("account.move", "offer_id", string="Offer Documents", readonly=True)
    offer_proforma_count = fields.Integer(compute="_compute_offer_move_counts")
    offer_invoice_count = fields.Integer(compute="_compute_offer_move_counts")

    @api.depends("offer_move_ids", "invoice_ids")
    def _compute_offer_move_counts(self):
        for order in self:
            order.offer_proforma_count = len(order._get_offer_proformas())
            order.offer_invoice_count = len(order._get_offer_invoices())

    def _get_offer_proformas(self):
        return self.offer_move_ids.filtered("is_proforma")

    def _get_offer_invoices(self):
        return (self.offer_move_ids.filtered(lambda m: not m.is_proforma) | self.invoice_ids).filtered(
            lambda m: not m.is_proforma
        )

    # ------------------------------------------------------------------ actions

    def action_offer_create_proforma(self):
        proformas = self._create_offer_proformas()
        return self._offer_moves_action(proformas, _("Pro Formas"))

    def action_offer_create_invoice(self):
        invoices = self._create_offer_invoices()
        return self._offer_moves_action(invoices, _("Invoices"))

    def action_offer_view_proformas(self):
        return self._offer_moves_action(self._get_offer_proformas(), _("Pro Formas"))

    def action_offer_view_invoices(self):
        return self._offer_moves_action(self._get_offer_invoices(), _("Invoices"))

    def _offer_moves_action(self, moves, name):
        """Open the offer's invoices or pro formas; pro formas in their own views, so the
        gear menu offers no invoice-only actions (payment, credit note)."""
        list_view = form_view = False
        if moves and all(moves.mapped("is_proforma")):
            list_view = self.env.ref("crm_proforma.view_proforma_list").id
            form_view = self.env.ref("crm_proforma.view_proforma_form").id
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "account.move",
            "context": {"create": False},
        }
        if len(moves) == 1:
            action.update({"view_mode": "form", "views": [(form_view, "form")], "res_id": moves.id})
        else:
            action.update({"view_mode": "list,form", "views": [(list_view, "list"), (form_view, "form")]})
            action["domain"] = [("id", "in", moves.ids)]
        return action

    def action_confirm(self):
        """An offer becomes an order only once the customer accepted it (its conversion
        confirms it); the quotation's own Confirm would skip the offer's rules."""
        for order in self.filtered("is_offer"):
            if order.offer_state not in ("accepted", "converted"):
                raise UserError(
                    _(
                        "The offer %(offer)s is not accepted: accept it, then use Create Invoice or Create Pro Forma.",
                        offer=order.display_name,
                    )
                )
        return super().action_confirm()

    def _create_invoices(self, grouped=False, final=False, date=None):
        """A converted offer has its pro forma or invoice already; invoicing it again from the
        quotation's Create Invoice would bill the customer twice."""
        for order in self.filtered(lambda o: o.is_offer and o.offer_state == "converted"):
            raise UserError(
                _(
                    "The offer %(offer)s was converted already; open its pro forma or invoice from the "
                    "buttons at the top of the offer.",
                    offer=order.display_name,
                )
            )
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    # ------------------------------------------------------------------ business

    def _check_offer_convertible(self):
        """An offer becomes a document only when the customer accepted it and it has lines."""
        self._check_offer_transition("converted")

    def _prepare_offer_proforma_vals(self):
        """``create_proforma`` values of the offer: the order's invoice header and all its lines.

        Lines do not carry ``sale_line_ids`` (a draft pro forma would count as invoiced on the
        order); ``offer_sale_line_id`` keeps the link until the pro forma becomes an invoice.
        """
        self.ensure_one()
        vals = self._prepare_invoice()
        vals.pop("transaction_ids", None)
        vals["invoice_origin"] = self.offer_number or self.name
        lines = []
        for line in self.order_line.filtered(lambda sol: not sol.is_downpayment):
            line_vals = line._prepare_invoice_line(quantity=line.product_uom_qty)
            line_vals.pop("sale_line_ids", None)
            line_vals["offer_sale_line_id"] = line.id
            lines.append(Command.create(line_vals))
        vals["invoice_line_ids"] = lines
        return vals

    def _create_offer_proformas(self):
        self._check_offer_convertible()
        # Like sale's _create_invoices(): salesmen make the documents of their own orders
        # without accounting rights (they only read account.move).
        proformas = (
            self.env["account.move"].sudo().create_proforma([order._prepare_offer_proforma_vals() for order in self])
        ).sudo(False)
        self.write({"offer_state": "converted"})
        for order, proforma in zip(self, proformas, strict=True):
            order.message_post(body=_("Pro forma %(link)s made from this offer.", link=proforma._get_html_link()))
        return proformas

    def _create_offer_invoices(self):
        """Confirm the orders and invoice them in one step; post when the company says so."""
        self._check_offer_convertible()
        self.action_confirm()
        invoices = self._create_invoices().sudo(False)
        self.write({"offer_state": "converted"})
        to_post = invoices.filtered(lambda inv: inv.company_id.offer_post_invoice)
        if to_post:
            # The company chose to post these invoices; like their creation above, posting is
            # part of "Create Invoice" for the salespeople the setting is for, who have no
            # accounting rights of their own.
            to_post.sudo().action_post()
        return invoices

    def _offer_confirm_for_invoice(self):
        """Confirm the quotation when its pro forma becomes the real invoice."""
        self.filtered(lambda o: o.state in ("draft", "sent")).action_confirm()

    def _prepare_invoice(self):
        """Every invoice (and pro forma) of an offer points back to it."""
        vals = super()._prepare_invoice()
        if self.is_offer:
            vals["offer_id"] = self.id
        return vals
