from odoo import api, fields, models

from ..models.sms_text import count_segments, normalize_number


class SmsComposer(models.TransientModel):
    """The SMS composer shows, while the body is typed, what the message will cost through the
    gateway that will send it: encoding, parts and estimated price.

    The numbers come from :func:`~odoo.addons.crm_sms_gateway.models.sms_text.count_segments`,
    the same function the sending path bills with; the body widget updates the record on every
    keystroke, so these onchange-computed fields follow the typing (one implementation, no
    JavaScript copy of the rules).
    """

    _inherit = "sms.composer"

    crm_sms_has_gateway = fields.Boolean(string="Sent Through a Gateway", compute="_compute_crm_sms_estimate")
    crm_sms_encoding = fields.Char(string="Encoding", compute="_compute_crm_sms_estimate")
    crm_sms_units = fields.Integer(string="Characters", compute="_compute_crm_sms_estimate")
    crm_sms_segments = fields.Integer(string="SMS Parts", compute="_compute_crm_sms_estimate")
    crm_sms_transliterated = fields.Boolean(string="Letters Replaced", compute="_compute_crm_sms_estimate")
    crm_sms_currency_id = fields.Many2one("res.currency", string="Currency", compute="_compute_crm_sms_estimate")
    crm_sms_cost = fields.Monetary(
        string="Estimated Cost", currency_field="crm_sms_currency_id", compute="_compute_crm_sms_estimate"
    )

    @api.depends("body", "recipient_single_number_itf", "recipient_single_number", "res_model", "res_id", "res_ids")
    def _compute_crm_sms_estimate(self):
        for composer in self:
            company = self.env.company
            gateway = composer._crm_estimate_gateway(company)
            body = gateway._prepare_body(composer.body or "") if gateway else composer.body or ""
            segments = count_segments(body)
            recipients = 1 if composer.comment_single_recipient else max(composer.recipient_valid_count, 1)
            composer.crm_sms_has_gateway = bool(gateway)
            composer.crm_sms_encoding = segments.encoding
            composer.crm_sms_units = segments.units
            composer.crm_sms_segments = segments.segments
            composer.crm_sms_transliterated = bool(gateway) and body != (composer.body or "")
            composer.crm_sms_currency_id = company.currency_id
            composer.crm_sms_cost = segments.segments * (gateway.cost_per_segment if gateway else 0.0) * recipients

    def _crm_estimate_gateway(self, company):
        """The gateway that will most likely send this message: the first one routing the
        single recipient's number, else the company's first gateway (sudo: users who send
        SMS cannot read gateways; only the price and the transliteration option are used).

        :return: ``crm.sms.gateway`` record (sudo), possibly empty
        """
        self.ensure_one()
        number = self.recipient_single_number_itf or self.recipient_single_number
        if number and self.comment_single_recipient:
            records = self._get_records()
            partner = records if records is not None and records._name == "res.partner" else self.env["res.partner"]
            country = partner[:1].country_id or company.country_id
            e164 = normalize_number(number, country.code).e164
            if e164:
                gateways = self.env["crm.sms.gateway"]._route(company, e164)
                if gateways:
                    return gateways[0]
        return self.env["crm.sms.gateway"]._route(company)[:1]
