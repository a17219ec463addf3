from odoo import _, api, models
from odoo.exceptions import UserError

# Actions of the invoice's gear menu that make no sense on a pro forma, which is never posted
# and has no payment: they are left out of the pro forma views' menu, and the methods behind
# them refuse pro formas (see below). Ids of addons that are not installed are skipped.
PROFORMA_HIDDEN_ACTIONS = (
    "account.action_move_force_register_payment",
    "account.action_move_block_payment",
    "account.action_move_switch_move_type",
    "account.action_view_account_move_reversal",
    "account.action_validate_account_move",
    "account.action_account_resequence",
    "account.model_account_move_action_share",
    "account_debit_note.action_view_account_move_debit_note",
    "account_payment.action_invoice_order_generate_link",
)
# The pro forma's own views (the menu's action and its smart buttons).
PROFORMA_VIEWS = ("crm_proforma.view_proforma_form", "crm_proforma.view_proforma_list")


# split by responsibility (house style): what the views offer and what the server refuses
class AccountMoveProformaActions(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def get_views(self, views, options=None):
        """In the pro forma views, the gear menu offers no payment, credit note, payment block,
        payment link or invoice print: only what a pro forma can do."""
        result = super().get_views(views, options=options)
        proforma_view_ids = {self.env.ref(xmlid).id for xmlid in PROFORMA_VIEWS}
        if not proforma_view_ids.intersection(view_id for view_id, _view_type in views):
            return result
        hidden = {
            action.id
            for action in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in PROFORMA_HIDDEN_ACTIONS)
            if action
        }
        for view in result["views"].values():
            toolbar = view.get("toolbar")
            if toolbar is None:
                continue
            toolbar["action"] = [action for action in toolbar.get("action", []) if action["id"] not in hidden]
            # the invoice reports would print the pro forma as an invoice; its own Print button issues it first
            toolbar["print"] = []
        return result

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Make every field of the form read-only on a converted pro forma, so the form shows
        it as it is (no "Add a line", no trash icons, no editable quantities) instead of
        refusing only at Save; ``write()`` refuses the changes anyway."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            self._proforma_freeze_form_arch(arch)
        return arch, view

    @api.model
    def _proforma_freeze_form_arch(self, arch):
        frozen = "proforma_state == 'converted'"
        for node in arch.iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue  # a field of a line's sub-view: the lines field itself becomes read-only
            field = self._fields.get(node.get("name"))
            if field is None:
                continue
            readonly = node.get("readonly")
            if readonly in ("1", "True", "true"):
                continue
            if readonly is None:
                if field.readonly:
                    continue  # read-only by the model; an expression would make it editable
                node.set("readonly", frozen)
            else:
                node.set("readonly", f"({readonly}) or {frozen}")

    # ------------------------------------------------------------------ refused on pro formas

    def _check_not_proforma(self, action_name):
        """Refuse an invoice action on pro formas with a message that says why."""
        proformas = self.filtered("is_proforma")
        if proformas:
            raise UserError(
                _(
                    "%(action)s is not available on pro forma %(names)s: a pro forma has no accounting "
                    "effect, so it cannot be paid, reversed, blocked or sent as an invoice. "
                    "Convert it into an invoice first.",
                    action=action_name,
                    names=", ".join(proformas.mapped("display_name")),
                )
            )

    def action_register_payment(self):
        self._check_not_proforma(_("Register Payment"))
        return super().action_register_payment()

    def action_force_register_payment(self):
        self._check_not_proforma(_("Pay"))
        return super().action_force_register_payment()

    def action_toggle_block_payment(self):
        self._check_not_proforma(_("(Un)Block Payment"))
        return super().action_toggle_block_payment()

    def action_switch_move_type(self):
        self._check_not_proforma(_("Switch into invoice/credit note"))
        return super().action_switch_move_type()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        self._check_not_proforma(_("Credit Note"))
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    def action_invoice_sent(self):
        self._check_not_proforma(_("Send & Print"))
        return super().action_invoice_sent()

    def action_send_and_print(self):
        self._check_not_proforma(_("Send & Print"))
        return super().action_send_and_print()
