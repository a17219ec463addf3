from odoo import Command, _, api, models
from odoo.exceptions import UserError

from .create_values import CreateValuesChecker

# Set by the pro forma itself, never by the caller.
PROFORMA_SYSTEM_FIELDS = (
    "is_proforma",
    "proforma_number",
    "proforma_state",
    "proforma_invoice_id",
    "proforma_origin_id",
)
LINE_FIELDS = ("invoice_line_ids", "line_ids")


# split by responsibility (house style): the API here, state and numbering in account_move.py
class AccountMoveProformaApi(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    @api.returns("self")
    def create_proforma(self, vals_list):
        """Create and issue pro formas: the single entry point for any addon (offers, recurring
        invoices...) and for RPC clients.

        The pro formas are issued at once (numbered from the company's sequence, dated today
        unless ``invoice_date`` is given), since they are made from an accepted offer or a
        template rather than typed in.

        :param vals_list: a dict or a list of dicts of ``account.move.create()`` values
            (``partner_id``, ``invoice_line_ids``, ``currency_id``, ``journal_id``,
            ``invoice_payment_term_id``, ``fiscal_position_id``, ``invoice_user_id``,
            ``narration``, ``invoice_origin`` ...). ``move_type`` is forced to ``out_invoice``;
            any other move type is refused. Lines are given as ``Command.create`` only.
        :return: the new pro formas (``account.move``), in the order of ``vals_list``; over
            RPC, their ids.
        :raise AccessError: when the user may not create invoices.
        :raise UserError: on values of the wrong type, unknown fields, records that do not
            exist or that the user may not use (customer, journal, product ...), a vendor
            bill/refund type, a missing customer, no product line or a non-sale journal;
            nothing is created then.
        """
        self.check_access("create")
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        if not isinstance(vals_list, (list, tuple)):
            raise UserError(_("create_proforma expects the values of a pro forma (a dictionary) or a list of them."))
        vals_list = list(vals_list)

        def where(index):
            if len(vals_list) > 1:
                return self.env._("Pro forma %(position)s", position=index + 1)
            return self.env._("Pro forma")

        CreateValuesChecker(self).check(vals_list, where)
        prepared = []
        for index, vals in enumerate(vals_list):
            prepared.append(self._prepare_proforma_create_vals(vals, where(index)))
        proformas = self.with_context(default_move_type="out_invoice").create(prepared)
        proformas._issue_proforma()
        return proformas

    @api.model
    def _prepare_proforma_create_vals(self, vals, where):
        """Check the business rules of one pro forma's values (their types are checked) and
        return the values to create it with."""
        vals = dict(vals)
        system = [fname for fname in PROFORMA_SYSTEM_FIELDS if fname in vals]
        if system:
            raise UserError(
                _("%(where)s: %(fields)s is set by the pro forma itself.", where=where, fields=", ".join(system))
            )
        move_type = vals.get("move_type") or self.env.context.get("default_move_type") or "out_invoice"
        if move_type != "out_invoice":
            raise UserError(
                _(
                    "A pro forma is always a customer invoice; move type %(type)s is not allowed.",
                    type=move_type,
                )
            )
        if not vals.get("partner_id"):
            raise UserError(_("A pro forma needs a customer."))
        for fname in LINE_FIELDS:
            if any(command[0] not in (Command.CREATE, Command.CLEAR) for command in vals.get(fname) or []):
                raise UserError(_("%(where)s: lines of a pro forma can only be created with it.", where=where))
        if not self._proforma_vals_have_product_line(vals):
            raise UserError(_("A pro forma needs at least one product line."))
        if vals.get("journal_id"):
            journal = self.env["account.journal"].browse(vals["journal_id"])
            if journal.type != "sale":
                raise UserError(
                    _("Journal %(journal)s is not a sales journal; a pro forma needs one.", journal=journal.name)
                )
        vals.update({"move_type": "out_invoice", "is_proforma": True})
        return vals

    @api.model
    def _proforma_vals_have_product_line(self, vals):
        """Tell whether create values hold at least one real (product) invoice line."""
        for command in vals.get("invoice_line_ids") or []:
            if command[0] == Command.CREATE and (command[2] or {}).get("display_type", "product") == "product":
                return True
        return False
