from odoo import api, fields, models


class CrmSmsAttempt(models.Model):
    """One call to a provider for one SMS: the idempotency ledger and the administrators' log.

    The row is written in its own committed transaction before the call ("sending") and after
    it, so a kill between the provider's answer and our commit leaves a trace: on restart, a
    message with an open attempt is retried only through a provider that deduplicates our key.
    It holds the SMS's uuid, not a foreign key: the SMS may not be committed yet.
    """

    _name = "crm.sms.attempt"
    _description = "SMS Gateway Attempt"
    _order = "id desc"

    sms_uuid = fields.Char(string="SMS UUID", index=True, required=True, readonly=True)
    sms_id = fields.Many2one("sms.sms", string="SMS", compute="_compute_sms_id")
    gateway_id = fields.Many2one("crm.sms.gateway", required=True, ondelete="cascade", index=True, readonly=True)
    provider = fields.Selection(related="gateway_id.provider")
    number = fields.Char(readonly=True)
    idempotency_key = fields.Char(readonly=True)
    provider_message_id = fields.Char(index=True, readonly=True)
    state = fields.Selection(
        [
            ("sending", "Sending"),
            ("sent", "Sent"),
            ("transient", "Transient Error"),
            ("failed", "Failed"),
            ("delivered", "Delivered"),
            ("undelivered", "Undelivered"),
        ],
        default="sending",
        required=True,
        readonly=True,
    )
    error_code = fields.Char(readonly=True)
    error_text = fields.Char(readonly=True)
    encoding = fields.Char(readonly=True)
    segments = fields.Integer(readonly=True)
    cost = fields.Float(readonly=True)
    callback_digests = fields.Text(
        readonly=True, help="Fingerprints of the delivery reports applied (replays are refused)."
    )

    @api.depends("sms_uuid")
    def _compute_sms_id(self):
        sms_by_uuid = {s.uuid: s for s in self.env["sms.sms"].search([("uuid", "in", self.mapped("sms_uuid"))])}
        for attempt in self:
            attempt.sms_id = sms_by_uuid.get(attempt.sms_uuid, False)
