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
    def _dunning_due_on(self, moves, date):
        """What each of ``moves`` (customer invoices) asked on ``date``, installment by
        installment (one receivable line per installment).

        What was open of an installment on ``date``: today, its residual; on a date in the past,
        its amount less the reconciliations effective up to ``date`` (see
        ``_dunning_balance_line_vals``: a payment dated after ``date`` does not count). The
        installments due before ``date`` and open then are what is overdue: the earliest one's due
        date and their open amount are the document's; an invoice with nothing overdue shows its
        earliest open installment (a reminder before the due date), a paid one its first due date.

        :return: ``{move id: {"due": date, "overdue": float, "open": float, "open_currency":
            float, "residual": float, "residual_currency": float}}``: ``overdue`` is what was due
            before ``date`` and open on it, ``open*`` all that was open on ``date``,
            ``residual*`` the part the document is about; company currency, then the invoice
            currency; positive for what the customer owed
        """
        receivables = moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        past = bool(moves) and self._dunning_in_the_past(moves.company_id[:1], date)
        settled = self._dunning_settled_until(receivables, date) if past else {}
        receivables_by_move = receivables.grouped("move_id")
        result = {}
        for move in moves:
            installments = []
            for line in receivables_by_move.get(move, receivables.browse()):
                if past:
                    amount, amount_currency = settled.get(line.id, (0.0, 0.0))
                    open_amounts = (line.balance - amount, line.amount_currency - amount_currency)
                else:
                    open_amounts = (line.amount_residual, line.amount_residual_currency)
                maturity = line.date_maturity or move.invoice_date_due or move.invoice_date
                installments.append((maturity, *open_amounts))
            installments.sort(key=lambda item: item[0] or date)
            still_open = [item for item in installments if move.company_currency_id.compare_amounts(item[1], 0.0) > 0]
            overdue = [item for item in still_open if item[0] and item[0] < date]
            about = overdue or still_open[:1]
            result[move.id] = {
                "due": (about or installments or [(move.invoice_date_due, 0, 0)])[0][0],
                "overdue": move.company_currency_id.round(sum(item[1] for item in overdue)),
                "open": move.company_currency_id.round(sum(item[1] for item in still_open)),
                "open_currency": move.currency_id.round(sum(item[2] for item in still_open)),
                "residual": move.company_currency_id.round(sum(item[1] for item in about)),
                "residual_currency": move.currency_id.round(sum(item[2] for item in about)),
            }
        return result

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
