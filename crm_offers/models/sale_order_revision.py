from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

# Business fields that a revised (superseded) offer must keep as they were.
REVISION_FROZEN_FIELDS = {
    "order_line",
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "pricelist_id",
    "payment_term_id",
    "validity_date",
    "date_order",
    "note",
    "client_order_ref",
    "offer_customer_reference",
    "offer_promotion",
    "offer_company_note",
    "offer_product_note",
    "offer_template_id",
}


class SaleOrder(models.Model):
    """Offer revisions: a new revision is a copy numbered ``<root number>-<n>``; the offer it
    replaces becomes ``revised`` (read-only) and stays linked, with the differences shown.
    ``_check_offer_not_revised`` is the one guard that keeps a revised offer (and its lines,
    see sale_order_line.py) as it was.
    """

    # one file a job (issue 11), each extending sale.order
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    revision_parent_id = fields.Many2one("sale.order", string="Previous Revision", copy=False, readonly=True)
    revision_ids = fields.One2many("sale.order", "revision_parent_id", string="Next Revisions", readonly=True)
    revision_number = fields.Integer(default=1, copy=False, readonly=True)
    revision_diff_html = fields.Html(
        string="Changes from Previous Revision", compute="_compute_revision_diff_html", sanitize=False
    )

    @api.depends("revision_parent_id", "order_line.product_uom_qty", "order_line.price_unit", "order_line.discount")
    def _compute_revision_diff_html(self):
        for order in self:
            order.revision_diff_html = order._render_revision_diff() if order.revision_parent_id else False

    def write(self, vals):
        if REVISION_FROZEN_FIELDS & set(vals):
            self._check_offer_not_revised()
        return super().write(vals)

    def action_offer_new_revision(self):
        self._offer_ensure_one()
        revision = self._create_offer_revision()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(self.env.ref("crm_offers.view_offer_form").id, "form")],
            "res_id": revision.id,
        }

    def _create_offer_revision(self):
        """Copy the offer as its next revision and freeze this one.

        :return: the new revision (``sale.order``), in draft.
        """
        self.ensure_one()
        self._check_offer_transition("revised")
        root = self._get_revision_root()
        number = max(root._get_revision_family().mapped("revision_number")) + 1
        revision = self.copy(
            {
                "is_offer": True,
                "offer_number": f"{root.offer_number}-{number}",
                "revision_number": number,
                "revision_parent_id": self.id,
                "offer_template_id": self.offer_template_id.id,
            }
        )
        self.write({"offer_state": "revised"})
        self.message_post(body=_("Replaced by revision %(link)s.", link=revision._get_html_link()))
        return revision

    def _get_revision_root(self):
        self.ensure_one()
        root = self
        while root.revision_parent_id:
            root = root.revision_parent_id
        return root

    def _get_revision_family(self):
        family = self
        children = self.revision_ids
        while children:
            family |= children
            children = children.revision_ids
        return family

    def _check_offer_not_revised(self):
        if any(order.offer_state == "revised" for order in self):
            raise UserError(_("A revised offer is kept as it was; edit its latest revision instead."))

    def _get_revision_changes(self):
        """Compare the lines with the previous revision's, matched by product (then order).

        :return: list of ``(kind, product name, old text, new text)`` with kind in
            ``added``, ``removed``, ``quantity``, ``price``, ``discount``.
        """
        self.ensure_one()
        old_lines = self.revision_parent_id.order_line.filtered(lambda line: not line.display_type)
        new_lines = self.order_line.filtered(lambda line: not line.display_type)
        unmatched_old = list(old_lines)
        changes = []
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        price_precision = self.env["decimal.precision"].precision_get("Product Price")
        for line in new_lines:
            old = next((o for o in unmatched_old if o.product_id == line.product_id), None)
            name = line.product_id.display_name or line.name
            if not old:
                changes.append(("added", name, "", self._revision_line_text(line)))
                continue
            unmatched_old.remove(old)
            if float_compare(old.product_uom_qty, line.product_uom_qty, precision_digits=precision):
                changes.append(("quantity", name, str(old.product_uom_qty), str(line.product_uom_qty)))
            if float_compare(old.price_unit, line.price_unit, precision_digits=price_precision):
                changes.append(
                    (
                        "price",
                        name,
                        format_amount(self.env, old.price_unit, old.currency_id),
                        format_amount(self.env, line.price_unit, line.currency_id),
                    )
                )
            if float_compare(old.discount, line.discount, precision_digits=2):
                changes.append(("discount", name, f"{old.discount:g}%", f"{line.discount:g}%"))
        for old in unmatched_old:
            changes.append(("removed", old.product_id.display_name or old.name, self._revision_line_text(old), ""))
        return changes

    def _revision_line_text(self, line):
        return f"{line.product_uom_qty:g} x {format_amount(self.env, line.price_unit, line.currency_id)}"

    def _render_revision_diff(self):
        labels = {
            "added": _("Line added"),
            "removed": _("Line removed"),
            "quantity": _("Quantity changed"),
            "price": _("Price changed"),
            "discount": _("Discount changed"),
        }
        changes = self._get_revision_changes()
        if not changes:
            parent_number = self.revision_parent_id.offer_number
            return Markup("<p>%s</p>") % _("No line changed since %(offer)s.", offer=parent_number)
        rows = Markup("").join(
            Markup("<tr class='o_offer_diff_%s'><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (kind, labels[kind], name, old, new)
            for kind, name, old, new in changes
        )
        header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            _("Change"),
            _("Product"),
            self.revision_parent_id.offer_number,
            self.offer_number,
        )
        return Markup("<table class='table table-sm o_offer_diff'><thead>%s</thead><tbody>%s</tbody></table>") % (
            header,
            rows,
        )
