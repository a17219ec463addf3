from odoo import fields, models


class CrmMailArchiveMessageType(models.Model):
    """The message types of ``mail.message`` as records, so a rule can pick several."""

    _name = "crm.mail.archive.message.type"
    _description = "Mail Archive Message Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Value of mail.message's message_type.")
    sequence = fields.Integer(default=10)

    _sql_constraints = [  # noqa: RUF012
        ("code_unique", "unique(code)", "Each message type is listed once."),
    ]
