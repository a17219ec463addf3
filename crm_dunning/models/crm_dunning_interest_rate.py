from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmDunningInterestRate(models.Model):
    """One rate of an interest table, in force from ``date_from`` to ``date_to`` (both included;
    an empty ``date_to`` keeps it in force until a later line starts)."""

    _name = "crm.dunning.interest.rate"
    _description = "Interest Rate"
    _order = "table_id, date_from desc, id"

    table_id = fields.Many2one("crm.dunning.interest.table", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="table_id.company_id", store=True, index=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", help="Empty: in force until the next rate starts.")
    rate = fields.Float(
        string="Annual Rate (%)",
        digits=(16, 4),
        required=True,
        compute="_compute_rate",
        store=True,
        precompute=True,
        readonly=False,
        help="Annual interest rate in percent. Filled from the reference rate and the margin when they are given.",
    )
    reference_rate = fields.Float(string="Reference Rate (%)", digits=(16, 4), help="E.g. the NBP reference rate.")
    margin = fields.Float(string="Margin (pp)", digits=(16, 4), help="Percentage points added to the reference rate.")
    source = fields.Char(help="Where the rate was published (e.g. Monitor Polski, the central bank's resolution).")
    source_url = fields.Char(string="Source URL")

    @api.depends("reference_rate", "margin")
    def _compute_rate(self):
        for line in self:
            if line.reference_rate or line.margin:
                line.rate = line.reference_rate + line.margin
            else:
                line.rate = line.rate or 0.0

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for line in self:
            if line.date_to and line.date_to < line.date_from:
                raise ValidationError(
                    _(
                        "Interest rate table %(table)s: a rate cannot end (%(end)s) before it starts (%(start)s).",
                        table=line.table_id.name,
                        end=line.date_to,
                        start=line.date_from,
                    )
                )
        for table in self.table_id:
            table._check_rate_continuity()

    @api.constrains("rate")
    def _check_rate(self):
        for line in self:
            if line.rate < 0:
                raise ValidationError(
                    _("Interest rate table %(table)s: a rate cannot be negative.", table=line.table_id.name)
                )
