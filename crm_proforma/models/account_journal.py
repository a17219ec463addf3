from odoo import models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _get_draft_sales_purchases_query(self):
        """Keep pro formas out of the dashboard's "to validate" counts: they are never posted."""
        query = super()._get_draft_sales_purchases_query()
        query.add_where(self.env["account.move"]._where_calc([("is_proforma", "=", False)]).where_clause)
        return query
