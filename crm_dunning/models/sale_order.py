from odoo import _, api, fields, models

from .crm_dunning_block import check_override_write


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_block_override = fields.Boolean(
        string="Dunning Block Overridden", copy=False, readonly=True, help="A Dunning manager let this order through."
    )
    dunning_partner_blocked = fields.Boolean(
        compute="_compute_dunning_partner_blocked",
        string="Customer Blocked by Dunning",
        help="Sales to the customer are blocked by dunning in the order's company.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_dunning_partner_blocked(self):
        for order in self:
            order.dunning_partner_blocked = bool(
                order.partner_id and order.company_id and order.partner_id._dunning_block_in(order.company_id)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_override_write(self.env, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_override_write(self.env, vals)
        return super().write(vals)

    def action_confirm(self):
        for order in self.filtered(lambda o: not o.dunning_block_override):
            order.partner_id._dunning_check_block(order.name, order.company_id)
        return super().action_confirm()

    def _create_invoices(self, grouped=False, final=False, date=None):
        """An invoice made only from orders a Dunning manager let through goes through too: the
        override of the sale carries to its invoice (logged on the customer), so the accountant
        does not need a second override for the same sale."""
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        for move in moves:
            orders = move.line_ids.sale_line_ids.order_id
            if not orders or not all(orders.mapped("dunning_block_override")):
                continue
            move.sudo().dunning_block_override = True
            partner = move.commercial_partner_id
            block = partner._dunning_block_in(move.company_id)
            if block:
                partner._dunning_log(
                    "override",
                    _(
                        "Invoice of %(orders)s, which a Dunning manager let through.",
                        orders=", ".join(orders.mapped("name")),
                    ),
                    scheme=block.scheme_id,
                    document=", ".join(orders.mapped("name")),
                    company=move.company_id,
                )
        return moves

    def _dunning_held(self):
        """These orders whose customer is blocked by dunning in the order's company (no override)."""
        return self.filtered(lambda o: not o.dunning_block_override and o.partner_id._dunning_block_in(o.company_id))

    def _validate_order(self):
        """The customer signed in the portal: an order of a blocked customer is accepted (the
        signature stays) but left unconfirmed for a decision; the customer sees no error."""
        held = self._dunning_held()
        held._dunning_hold_for_decision("signed")
        return super(SaleOrder, self - held)._validate_order()

    def _dunning_decision_user(self):
        """Who decides on this held order: the salesperson, else the customer's payment
        responsible, else a Dunning manager of the order's company."""
        self.ensure_one()
        user = self.user_id or self.partner_id.commercial_partner_id.dunning_responsible_id
        if not user:
            managers = self.env.ref("crm_dunning.group_dunning_manager").sudo().users
            user = managers.filtered(lambda u: not u.share and self.company_id in u.company_ids)[:1]
        return user

    def _dunning_hold_for_decision(self, how):
        """Leave these orders of blocked customers unconfirmed, with an internal note and a to-do
        activity asking the salesperson (or a Dunning manager) to override the block or wait.

        :param how: ``"signed"`` (signature in the portal) or ``"paid"`` (online payment)
        """
        for order in self.sudo():
            block = order.partner_id._dunning_block_in(order.company_id)
            user = order._dunning_decision_user()
            env = order.with_context(lang=user.lang or order.company_id.partner_id.lang or "en_US").env
            values = {
                "order": order.name,
                "customer": order.partner_id.commercial_partner_id.display_name,
                "scheme": block.scheme_id.with_env(env).display_name,
            }
            if how == "paid":
                body = env._(
                    "%(order)s was paid online by the customer, but sales to %(customer)s are blocked by "
                    "dunning scheme %(scheme)s: the order was not confirmed. Override the block (a Dunning "
                    "manager, with a reason) or wait until the overdue invoices are paid.",
                    **values,
                )
            else:
                body = env._(
                    "%(order)s was signed by the customer in the portal, but sales to %(customer)s are "
                    "blocked by dunning scheme %(scheme)s: the order was not confirmed. Override the block "
                    "(a Dunning manager, with a reason) or wait until the overdue invoices are paid.",
                    **values,
                )
            order.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
            if user:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=env._("Customer blocked by dunning: override or wait"),
                    note=body,
                )
