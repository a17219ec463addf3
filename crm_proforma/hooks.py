"""Install/uninstall hooks of crm_proforma."""

from odoo.tools.safe_eval import safe_eval

# Core invoice actions whose domain gets ``("is_proforma", "=", False)`` from
# views/account_move_views.xml; uninstalling must take it away again, or the core
# menus would point at a field that no longer exists.
INVOICE_ACTIONS = ("account.action_move_out_invoice_type", "account.action_move_out_invoice")


def uninstall_hook(env):
    """Give the core customer-invoice actions back their domain without the pro forma filter."""
    for xmlid in INVOICE_ACTIONS:
        action = env.ref(xmlid, raise_if_not_found=False)
        if not action or not action.domain or "is_proforma" not in action.domain:
            continue
        domain = safe_eval(action.domain)
        kept = [leaf for leaf in domain if not (isinstance(leaf, (list, tuple)) and leaf[0] == "is_proforma")]
        action.domain = repr(kept)
