from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_reminders.models.input_checks import check_records, check_values

MAX_MONTHS = 120


class CrmRecurringSuggest(models.TransientModel):
    """Suggest templates (as Optima does): customers invoiced with nearly the same lines in at
    least ``min_months`` different months of the last 13 months, and not on a template yet.

    "Nearly the same" means the same products in the same quantities; prices may differ (price
    lists change), the proposal takes the latest invoice's prices.
    """

    _name = "crm.recurring.suggest"
    _description = "Suggest Recurring Invoice Templates"

    months = fields.Integer(
        string="Look Back (Months)", default=13, required=True, help="Posted invoices of this many last months."
    )
    min_months = fields.Integer(
        string="Minimum Months Invoiced",
        default=3,
        required=True,
        help="Suggest a customer billed the same products in at least this many different months.",
    )
    line_ids = fields.One2many("crm.recurring.suggest.line", "wizard_id", string="Suggestions", readonly=True)

    @api.constrains("months", "min_months")
    def _check_months(self):
        for wizard in self:
            if not 1 <= wizard.months <= MAX_MONTHS:
                raise ValidationError(_("Look back between 1 and %(max)s months.", max=MAX_MONTHS))
            if not 1 <= wizard.min_months <= wizard.months:
                raise ValidationError(
                    _("The minimum number of months must be between 1 and %(max)s.", max=wizard.months)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._compute_suggestions()
        return wizards

    def _compute_suggestions(self):
        self.ensure_one()
        date_from = fields.Date.context_today(self) - relativedelta(months=self.months)
        moves = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_date", ">=", date_from),
                ("company_id", "=", self.env.company.id),
            ],
            order="invoice_date desc, id desc",
        )
        on_template = set(
            self.env["crm.recurring.template.partner"]
            .search([("template_id.state", "in", ("draft", "running", "error"))])
            .mapped("partner_id.commercial_partner_id")
            .ids
        )
        groups = defaultdict(list)  # (partner, signature) -> moves, latest first
        for move in moves:
            partner = move.commercial_partner_id
            if partner.id in on_template:
                continue
            lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product" and line.product_id)
            if not lines:
                continue
            signature = tuple(sorted((line.product_id.id, round(line.quantity, 2)) for line in lines))
            groups[(partner.id, signature)].append(move)
        suggestions = []
        for (partner_id, _signature), group in groups.items():
            months = {(m.invoice_date.year, m.invoice_date.month) for m in group}
            if len(months) >= self.min_months:
                latest = group[0]
                suggestions.append(
                    {
                        "partner_id": partner_id,
                        "move_id": latest.id,
                        "month_count": len(months),
                        "last_date": latest.invoice_date,
                        "amount_untaxed": latest.amount_untaxed,
                        "currency_id": latest.currency_id.id,
                        "products": ", ".join(latest.invoice_line_ids.product_id.mapped("display_name")),
                    }
                )
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(vals) for vals in suggestions]

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)

    def action_refresh(self):
        check_records(self, "write", single=True)
        self._compute_suggestions()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Suggest Recurring Templates"),
        }
