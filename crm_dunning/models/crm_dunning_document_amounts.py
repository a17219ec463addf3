"""What a dunning document shows beyond its lines' own values: the balance confirmation
(potwierdzenie salda) as of its date (the customer's open receivable items on that day, as an
accountant lists them, whatever was paid or reconciled afterwards), and the totals per currency
(a customer invoiced in EUR reads EUR amounts, whatever the company currency the document's
``amount_*`` fields keep)."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import format_amount


class CrmDunningDocument(models.Model):
    _inherit = "crm.dunning.document"

    amount_by_currency = fields.Char(
        string="Total per Currency",
        compute="_compute_amount_by_currency",
        help="The document's total in each currency of its invoices, as the customer reads it.",
    )

    @api.depends(
        "kind",
        "line_ids.move_currency_id",
        "line_ids.amount_residual_currency",
        "line_ids.interest_amount_currency",
        "line_ids.compensation_amount_currency",
    )
    def _compute_amount_by_currency(self):
        for document in self:
            document.amount_by_currency = " + ".join(
                format_amount(document.env, totals["total"], totals["currency"])
                for totals in document._dunning_currency_totals()
            )

    def _dunning_currency_totals(self):
        """This document's totals per currency of its lines, the company currency first.

        :return: list of dicts: ``currency`` (res.currency), ``residual``, ``interest``,
            ``compensation`` and ``total`` (what the customer is asked to pay, or the balance on
            a balance confirmation, as ``amount_total`` is in the company currency)
        """
        self.ensure_one()
        totals = {}
        for line in self.line_ids:
            currency = line.move_currency_id or self.currency_id
            values = totals.setdefault(
                currency, {"currency": currency, "residual": 0.0, "interest": 0.0, "compensation": 0.0}
            )
            values["residual"] += line.amount_residual_currency
            values["interest"] += line.interest_amount_currency
            values["compensation"] += line.compensation_amount_currency
        for values in totals.values():
            if self.kind == "interest_note":
                values["total"] = values["interest"] + values["compensation"]
            elif self.kind == "payment_reminder":
                values["total"] = values["residual"] + values["interest"]
            else:
                values["total"] = values["residual"]
        return sorted(
            totals.values(), key=lambda values: (values["currency"] != self.currency_id, values["currency"].name)
        )

    @api.model
    def _dunning_balance_line_vals(self, partner, company, date):
        """The lines of a balance confirmation of ``partner`` (commercial) in ``company`` as of
        ``date``: one per journal entry with a receivable item dated up to ``date`` (invoices,
        credit notes, payments and credits not yet applied, opening balances...) that was open
        on that day, with what was open of it on that day.

        What was open on ``date`` is the item's amount less its reconciliations effective up to
        ``date`` (``account.partial.reconcile.max_date``, the later of the two items' dates): an
        invoice paid after ``date`` is open on it in full, a payment dated after ``date`` is
        neither listed nor reduces anything.

        :return: list of line values (see ``crm.dunning.document.line``), in date order; amounts
            signed (what the customer owes is positive, what we owe them negative), in the
            company currency and in the entry's own currency
        """
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("partner_id.commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("date", "<=", date),
                # open today, or settled by a reconciliation effective after the date
                "|",
                "|",
                ("reconciled", "=", False),
                ("matched_debit_ids.max_date", ">", date),
                ("matched_credit_ids.max_date", ">", date),
            ],
            order="date, move_id, id",
        )
        settled = self._dunning_settled_until(lines, date)
        per_move = defaultdict(lambda: {"total": 0.0, "residual": 0.0, "total_cur": 0.0, "residual_cur": 0.0})
        for line in lines:
            amount, amount_currency = settled.get(line.id, (0.0, 0.0))
            values = per_move[line.move_id]
            values["total"] += line.balance
            values["residual"] += line.balance - amount
            values["total_cur"] += line.amount_currency
            values["residual_cur"] += line.amount_currency - amount_currency
            values["currency"] = line.currency_id
            values["due"] = min(filter(None, (values.get("due"), line.date_maturity)), default=None)
        result = []
        for move, values in per_move.items():
            if company.currency_id.is_zero(values["residual"]) and values["currency"].is_zero(values["residual_cur"]):
                continue
            due = values["due"] or move.invoice_date_due or move.date
            result.append(
                {
                    "sequence": len(result) + 1,
                    "move_id": move.id,
                    "invoice_date": move.invoice_date or move.date,
                    "date_due": due,
                    "amount_total": values["total"],
                    "amount_residual": company.currency_id.round(values["residual"]),
                    "move_currency_id": values["currency"].id,
                    "amount_total_currency": values["total_cur"],
                    "amount_residual_currency": values["currency"].round(values["residual_cur"]),
                    "days_late": max((date - due).days, 0) if values["residual"] > 0 else 0,
                }
            )
        return result

    @api.model
    def _dunning_in_the_past(self, company, date):
        """Whether a document of ``company`` dated ``date`` is dated before today (in the
        company's time zone): it then shows what was open on its date."""
        return date < self.env["crm.dunning.scheme"]._company_today(company[:1])

    @api.model
    def _dunning_open_on(self, moves, date):
        """What was open of each of ``moves`` (customer invoices) on ``date``: its receivable
        items less the reconciliations effective up to ``date`` (see
        ``_dunning_balance_line_vals``); a payment dated after ``date`` does not count.

        :return: ``{move id: (residual in the company currency, residual in the invoice
            currency)}``, positive for what the customer owed
        """
        receivables = moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        settled = self._dunning_settled_until(receivables, date)
        open_on = {move.id: [0.0, 0.0] for move in moves}
        for line in receivables:
            amount, amount_currency = settled.get(line.id, (0.0, 0.0))
            open_on[line.move_id.id][0] += line.balance - amount
            open_on[line.move_id.id][1] += line.amount_currency - amount_currency
        return {
            move.id: (move.company_currency_id.round(open_on[move.id][0]), move.currency_id.round(open_on[move.id][1]))
            for move in moves
        }

    @api.model
    def _dunning_settled_until(self, lines, date):
        """What of each of ``lines`` was settled by reconciliations effective up to ``date``.

        :return: ``{line id: (amount in the company currency, amount in the line's currency)}``,
            signed as the lines' balance (a debit line is settled by a positive amount)
        """
        Partial = self.env["account.partial.reconcile"]
        settled = defaultdict(lambda: [0.0, 0.0])
        for side, sign in (("debit", 1), ("credit", -1)):
            groups = Partial._read_group(
                [(f"{side}_move_id", "in", lines.ids), ("max_date", "<=", date)],
                [f"{side}_move_id"],
                ["amount:sum", f"{side}_amount_currency:sum"],
            )
            for line, amount, amount_currency in groups:
                settled[line.id][0] += sign * amount
                settled[line.id][1] += sign * amount_currency
        return {line_id: tuple(values) for line_id, values in settled.items()}
