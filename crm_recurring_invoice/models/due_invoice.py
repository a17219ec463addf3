"""The unit of work of generation: one invoice due for one customer row and one period."""

from dataclasses import dataclass, replace

from .recurrence import Period


@dataclass(frozen=True)
class DueInvoice:
    """One document to generate.

    :param template: the ``crm.recurring.template`` record
    :param row: its ``crm.recurring.template.partner`` record (the customer)
    :param period: the :class:`Period` billed
    :param vals: the ``account.move`` values, once prepared (``None`` before)
    """

    template: object
    row: object
    period: Period
    vals: dict = None

    @property
    def kind(self):
        """The document kind, a ``document_type`` value of the template ("invoice", "proforma")."""
        return self.template.document_type

    def prepared(self, vals):
        """A copy of this due invoice carrying its ``account.move`` values."""
        return replace(self, vals=vals)

    def ledger_vals(self, move_id):
        """The ``crm.recurring.period`` values recording this invoice once created.

        Plain ids come from the prepared values: after a commit the ORM cache is empty, and
        reading ``row.partner_id`` would re-read every customer row of a batch once per chunk.
        """
        return {
            "template_id": self.template.id,
            "template_partner_id": self.row.id,
            # the stored related fields, given so they are not UPDATEd right after
            "company_id": self.vals["company_id"],
            "partner_id": self.vals["partner_id"],
            "period_start": self.period.start,
            "period_end": self.period.end,
            "invoice_date": self.period.invoice_date,
            "move_id": move_id,
        }
