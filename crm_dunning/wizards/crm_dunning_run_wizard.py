from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmDunningRunWizard(models.TransientModel):
    """Preview and run dunning now: for every customer (as the scheduled action would) or on
    demand for the invoices or customers chosen in a list (ignoring the days)."""

    _name = "crm.dunning.run.wizard"
    _description = "Run Dunning"

    move_ids = fields.Many2many("account.move", string="Invoices")
    partner_ids = fields.Many2many("res.partner", string="Customers")
    on_demand = fields.Boolean(
        string="Ignore Days",
        help="Dunning on demand: each invoice gets the level after the one it reached, whatever its days.",
    )
    line_ids = fields.One2many("crm.dunning.run.line", "wizard_id", string="Preview")
    result = fields.Text(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "account.move" and ids:
            values["move_ids"] = [fields.Command.set(ids)]
            values["on_demand"] = True
        elif model == "res.partner" and ids:
            values["partner_ids"] = [fields.Command.set(ids)]
            values["on_demand"] = True
        return values

    def _scope(self):
        """The run's arguments: companies, invoices and customers (``None``: all)."""
        self.ensure_one()
        moves = self.move_ids or None
        if moves is not None and moves.filtered(lambda m: m.move_type != "out_invoice" or m.state != "posted"):
            raise UserError(_("Dunning applies to posted customer invoices only."))
        partners = self.partner_ids or None
        return self.env.companies, moves, partners

    def action_preview(self):
        """Fill the preview with what a run would do now, from the real planning path."""
        companies, moves, partners = self._scope()
        Scheme = self.env["crm.dunning.scheme"]
        preview = Scheme._dunning_preview(companies, moves=moves, partners=partners, on_demand=self.on_demand)
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "partner_id": item["partner_id"],
                    "level_id": item["level_id"],
                    "action_ids": [fields.Command.set(item["action_ids"])],
                    "move_ids": [fields.Command.set(item["move_ids"])],
                    "company_id": item["company_id"],
                    "amount": item["amount"],
                }
            )
            for item in preview
        ]
        if not preview:
            self.result = _("Nothing to do: no customer is due for a dunning level.")
        return self._reopen()

    def action_run(self):
        companies, moves, partners = self._scope()
        ledger = self.env["crm.dunning.scheme"]._dunning_run(
            companies, moves=moves, partners=partners, on_demand=self.on_demand
        )
        failed = ledger.filtered(lambda r: r.state == "failed")
        self.line_ids = [fields.Command.clear()]
        self.result = _(
            "%(customers)s customer(s) dunned: %(rows)s action(s) on invoices done, %(failed)s failed.",
            customers=len(ledger.partner_id),
            rows=len(ledger - failed),
            failed=len(failed),
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class CrmDunningRunLine(models.TransientModel):
    _name = "crm.dunning.run.line"
    _description = "Dunning Preview Line"

    wizard_id = fields.Many2one("crm.dunning.run.wizard", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer")
    level_id = fields.Many2one("crm.dunning.level")
    action_ids = fields.Many2many("crm.dunning.action", string="Actions")
    move_ids = fields.Many2many("account.move", string="Invoices")
    amount = fields.Monetary(string="Amount Due", currency_field="currency_id")
