import json
import secrets
from urllib.parse import urlparse

from werkzeug.urls import url_join

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..providers import PERMANENT, SENT, GatewayConfig, get_provider
from .sms_text import check_sender_name, normalize_number, transliterate

# Providers whose API takes our idempotency key (a retry after an unknown outcome is safe).
IDEMPOTENT_PROVIDERS = {"smsapi", "serwersms"}


class CrmSmsGateway(models.Model):
    """A contract with an SMS provider: where to send, as whom, how fast, with which keys."""

    _name = "crm.sms.gateway"
    _description = "SMS Gateway"
    _order = "sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10, help="Gateways are tried in this order; the next one takes over on a transient error."
    )
    company_id = fields.Many2one("res.company", help="Empty: the gateway serves every company.")
    provider = fields.Selection(
        [("smsapi", "SMSAPI.pl"), ("serwersms", "SerwerSMS.pl"), ("twilio", "Twilio"), ("generic", "Generic HTTP")],
        required=True,
        default="smsapi",
    )
    country_prefixes = fields.Char(
        help="Comma-separated international prefixes this gateway serves (e.g. 48, 420). Empty: every destination."
    )
    sender_name = fields.Char(help="Alphanumeric sender shown to the recipient, at most 11 characters.")
    transliterate = fields.Boolean(
        string="Transliterate Diacritics",
        help="Replace Polish letters (ą, ł, ż ...) by plain ones so a message stays in GSM-7: "
        "160 characters a part instead of 70.",
    )
    rate_limit = fields.Float(
        string="Rate Limit (SMS/s)",
        default=10.0,
        required=True,
        help="Messages a second this gateway is sent at most (counted per Odoo server process).",
    )
    max_connections = fields.Integer(
        string="Parallel Connections",
        default=4,
        required=True,
        help="Messages sent at once, each over its own connection, within the rate limit.",
    )
    timeout = fields.Integer(string="Timeout (s)", default=15, help="Seconds to wait for the provider's answer.")
    max_retries = fields.Integer(default=2, help="Retries on a transient error before the next gateway takes over.")
    cost_per_segment = fields.Float(help="Estimated price of one SMS part, for the attempt log and the composer.")
    # credentials: administrators only, never logged
    api_token = fields.Char(string="API Token / Auth Token", groups="base.group_system", copy=False)
    account_sid = fields.Char(string="Twilio Account SID", groups="base.group_system", copy=False)
    webhook_token = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_urlsafe(24),
        help="Secret the provider's delivery reports must carry (all providers but Twilio, which signs them).",
    )
    from_number = fields.Char(string="Twilio From Number")
    messaging_service_sid = fields.Char(string="Twilio Messaging Service SID")
    # endpoint (required for the generic provider; for the others only to reach a test server)
    api_url = fields.Char(string="API URL")
    allow_insecure = fields.Boolean(
        string="Allow Insecure URL (Local Tests)", help="Accept an http:// URL; only for a test server on this machine."
    )
    http_method = fields.Selection([("post", "POST (JSON)"), ("get", "GET")], default="post", string="HTTP Method")
    params_template = fields.Text(
        string="Parameters Template",
        default='{"to": "{number}", "text": "{body}", "from": "{sender}", "id": "{key}"}',
        help="JSON object of the request parameters; {number}, {body}, {sender} and {key} are replaced.",
    )
    auth_header_name = fields.Char(string="Auth Header", help="e.g. Authorization; its value is the API token.")
    success_path = fields.Char(help="Dotted path in the JSON answer that is true on success, e.g. status.ok")
    message_id_path = fields.Char(string="Message ID Path", help="Dotted path of the message id, e.g. messages.0.id")
    test_number = fields.Char()
    last_test_result = fields.Text(readonly=True, copy=False)
    attempt_ids = fields.One2many("crm.sms.attempt", "gateway_id")
    month_sent_count = fields.Integer(string="Sent This Month", compute="_compute_month_statistics")
    month_delivered_count = fields.Integer(string="Delivered This Month", compute="_compute_month_statistics")
    month_failed_count = fields.Integer(string="Failed This Month", compute="_compute_month_statistics")
    month_cost = fields.Float(string="Cost This Month", compute="_compute_month_statistics")

    @api.depends("attempt_ids.state", "attempt_ids.cost")
    def _compute_month_statistics(self):
        """Sent (accepted by the provider, delivered or not), delivered, failed and the cost of
        this calendar month's attempts (UTC); transient errors count in none of them."""
        month_start = fields.Datetime.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        groups = self.env["crm.sms.attempt"]._read_group(
            [("gateway_id", "in", self.ids), ("create_date", ">=", month_start)],
            ["gateway_id", "state"],
            ["__count", "cost:sum"],
        )
        stats = {}
        for gateway, state, count, cost in groups:
            entry = stats.setdefault(gateway.id, {"sent": 0, "delivered": 0, "failed": 0, "cost": 0.0})
            if state in ("sent", "delivered", "undelivered"):
                entry["sent"] += count
                entry["cost"] += cost
            if state == "delivered":
                entry["delivered"] += count
            if state in ("failed", "undelivered"):
                entry["failed"] += count
        for gateway in self:
            entry = stats.get(gateway.id, {"sent": 0, "delivered": 0, "failed": 0, "cost": 0.0})
            gateway.month_sent_count = entry["sent"]
            gateway.month_delivered_count = entry["delivered"]
            gateway.month_failed_count = entry["failed"]
            gateway.month_cost = entry["cost"]

    @api.constrains("provider", "api_token", "account_sid", "api_url", "auth_header_name")
    def _check_credentials(self):
        for gateway in self.sudo():
            if gateway.provider == "twilio" and not (gateway.account_sid and gateway.api_token):
                raise ValidationError(_("Gateway %s: Twilio needs an Account SID and an Auth Token.", gateway.name))
            if gateway.provider in ("smsapi", "serwersms") and not gateway.api_token:
                raise ValidationError(_("Gateway %s: enter the API token of your account.", gateway.name))
            if gateway.provider == "generic":
                if not gateway.api_url:
                    raise ValidationError(_("Gateway %s: the generic provider needs an API URL.", gateway.name))
                if gateway.auth_header_name and not gateway.api_token:
                    raise ValidationError(_("Gateway %s: enter the value of the auth header.", gateway.name))

    @api.constrains("sender_name")
    def _check_sender_name(self):
        for gateway in self:
            error = check_sender_name(gateway.sender_name)
            if error == "too_long":
                raise ValidationError(_("The sender name %s is longer than 11 characters.", gateway.sender_name))
            if error:
                raise ValidationError(
                    _(
                        "The sender name %s may only hold Latin letters, digits, spaces, dots and hyphens.",
                        gateway.sender_name,
                    )
                )

    @api.constrains("api_url", "allow_insecure")
    def _check_api_url(self):
        for gateway in self:
            if not gateway.api_url:
                continue
            url = urlparse(gateway.api_url)
            if url.scheme not in ("http", "https") or not url.netloc:
                raise ValidationError(_("%s is not a valid URL.", gateway.api_url))
            if url.scheme != "https" and not gateway.allow_insecure:
                raise ValidationError(
                    _("The API URL must use HTTPS (%s does not); credentials would travel in clear.", gateway.api_url)
                )

    @api.constrains("rate_limit", "max_retries", "timeout", "max_connections")
    def _check_rate_limit(self):
        for gateway in self:
            if gateway.rate_limit <= 0:
                raise ValidationError(
                    _("The rate limit of gateway %s must be above zero messages a second.", gateway.name)
                )
            if not 1 <= gateway.max_connections <= 64:
                raise ValidationError(_("Parallel connections: from 1 to 64."))
            if gateway.timeout <= 0:
                raise ValidationError(_("The timeout must be at least one second."))
            if gateway.max_retries < 0:
                raise ValidationError(_("The number of retries cannot be negative."))

    @api.constrains("params_template", "provider")
    def _check_params_template(self):
        for gateway in self.filtered(lambda g: g.provider == "generic"):
            try:
                template = json.loads(gateway.params_template or "{}")
            except ValueError as exc:
                raise ValidationError(_("The parameters template is not valid JSON: %s", exc)) from None
            if not isinstance(template, dict):
                raise ValidationError(_("The parameters template must be a JSON object."))

    # routing ---------------------------------------------------------------------------------
    def _prefixes(self):
        self.ensure_one()
        return [p.strip().lstrip("+") for p in (self.country_prefixes or "").split(",") if p.strip()]

    @api.model
    def _route(self, company, e164=None):
        """Gateways serving ``company`` (its own first by sequence, then shared ones), kept
        only when their prefixes match ``e164``; with no number, every gateway of the company.

        :return: ``crm.sms.gateway`` recordset (sudo), in the order to try them
        """
        gateways = self.sudo().search([("company_id", "in", [company.id, False])])
        gateways = gateways.sorted(lambda g: (not g.company_id, g.sequence, g.id))
        if not e164:
            return gateways
        return gateways.filtered(lambda g: g._serves(e164))

    def _serves(self, e164):
        """True when this gateway's prefixes (none: all) match the E.164 number."""
        self.ensure_one()
        digits = e164.lstrip("+")
        prefixes = self._prefixes()
        return not prefixes or any(digits.startswith(p) for p in prefixes)

    def _provider_config(self):
        """The gateway as sending threads see it (credentials included: keep it in memory).

        :return: :class:`~odoo.addons.crm_sms_gateway.providers.base.GatewayConfig`
        """
        self.ensure_one()
        gateway = self.sudo()
        return GatewayConfig(
            id=gateway.id,
            name=gateway.name,
            provider=gateway.provider,
            api_url=gateway.api_url or None,
            api_token=gateway.api_token or None,
            account_sid=gateway.account_sid or None,
            from_number=gateway.from_number or None,
            messaging_service_sid=gateway.messaging_service_sid or None,
            timeout=gateway.timeout or 15,
            http_method=gateway.http_method or "post",
            params_template=gateway.params_template or None,
            auth_header_name=gateway.auth_header_name or None,
            success_path=gateway.success_path or None,
            message_id_path=gateway.message_id_path or None,
            rate_limit=gateway.rate_limit,
            max_retries=gateway.max_retries,
            max_connections=gateway.max_connections,
            lang=self.env.lang or "en_US",
        )

    def _prepare_body(self, body):
        self.ensure_one()
        return transliterate(body) if self.transliterate else body

    def _callback_url(self):
        self.ensure_one()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        url = url_join(base, f"/crm_sms_gateway/{self.provider}/{self.id}/status")
        return url if self.provider == "twilio" else f"{url}?token={self.sudo().webhook_token}"

    # actions -----------------------------------------------------------------------------------
    def action_send_test_sms(self):
        """Send one SMS to the test number now and show the provider's answer."""
        self.ensure_one()
        company = self.company_id or self.env.company
        number = normalize_number(self.test_number, company.country_id.code)
        if not number.e164:
            raise UserError(_("Enter a mobile test number (with the country prefix, e.g. +48 601 234 567)."))
        body = self._prepare_body(_("Test SMS from Odoo through gateway %s.", self.name))
        provider = get_provider(self._provider_config())
        try:
            result = provider.send(number.e164, body, self.sender_name, secrets.token_hex(8))
        finally:
            provider.close()
        if result.status == SENT:
            answer = _("Sent. Provider message id: %s", result.message_id or "-")
        else:
            message = (
                _("Not sent, refused by the provider (code %(code)s): %(text)s")
                if result.status == PERMANENT
                else _("Not sent, temporary error (code %(code)s): %(text)s")
            )
            answer = message % {"code": result.error_code or "-", "text": result.error_text or "-"}
        self.last_test_result = answer
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Test SMS"),
                "message": answer,
                "type": "success" if result.status == SENT else "danger",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
