"""Delivery reports: one route per provider and gateway, refusing anything unsigned."""

import hashlib
import json
import logging

from twilio.request_validator import RequestValidator
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import request
from odoo.tools import consteq

_logger = logging.getLogger(__name__)

# provider status -> (attempt state, sms.tracker provider error or None when delivered)
STATUSES = {
    "sent": ("sent", None),
    "queued": ("sent", None),
    "delivered": ("delivered", None),
    "undelivered": ("undelivered", "not_delivered"),
    "failed": ("undelivered", "not_delivered"),
    "expired": ("undelivered", "expired"),
    "rejected": ("undelivered", "rejected"),
}


# SMSAPI's delivery status codes (https://www.smsapi.pl/statusy-wiadomosci, "Statusy doręczenia")
SMSAPI_STATUS_CODES = {
    "402": "expired",
    "403": "sent",
    "404": "delivered",
    "405": "undelivered",
    "406": "failed",
    "410": "sent",
}


def _read_report(provider, params):
    """The message id, status, error code and text a provider's report carries."""
    if provider == "twilio":
        return (
            params.get("MessageSid"),
            params.get("MessageStatus"),
            params.get("ErrorCode"),
            params.get("ErrorMessage"),
        )
    if provider == "smsapi":
        status = (params.get("status_name") or SMSAPI_STATUS_CODES.get(params.get("status"), "")).lower()
        return (params.get("MsgId"), status, params.get("status"), params.get("status_name"))
    return (
        params.get("message_id"),
        (params.get("status") or "").lower(),
        params.get("error_code"),
        params.get("error_text"),
    )


class SmsDeliveryReport(http.Controller):
    @http.route(
        "/crm_sms_gateway/<string:provider>/<int:gateway_id>/status",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def delivery_report(self, provider, gateway_id, **params):
        gateway = request.env["crm.sms.gateway"].sudo().browse(gateway_id).exists()
        if not gateway or gateway.provider != provider:
            raise NotFound()
        if not self._authentic(gateway, params):
            _logger.info("Refused an unsigned or wrongly signed delivery report for gateway %s", gateway_id)
            raise Forbidden()
        params.pop("token", None)
        message_id, status, error_code, error_text = _read_report(provider, params)
        attempt = (
            request.env["crm.sms.attempt"]
            .sudo()
            .search([("gateway_id", "=", gateway.id), ("provider_message_id", "=", message_id)], limit=1)
        )
        if not message_id or not attempt or status not in STATUSES:
            raise NotFound()
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
        seen = (attempt.callback_digests or "").split()
        if digest in seen:
            _logger.info("Refused a replayed delivery report for attempt %s", attempt.id)
            raise Forbidden()
        state, provider_error = STATUSES[status]
        attempt.write(
            {
                "state": state,
                "error_code": error_code or attempt.error_code,
                "error_text": error_text or attempt.error_text,
                "callback_digests": "\n".join([*seen, digest]),
            }
        )
        tracker = request.env["sms.tracker"].sudo().search([("sms_uuid", "=", attempt.sms_uuid)])
        sms = attempt.sms_id.sudo()
        if state == "delivered":
            tracker._action_update_from_sms_state("sent")
            sms.filtered(lambda s: s.state != "sent").write({"state": "sent", "failure_type": False})
        elif provider_error:
            tracker._action_update_from_provider_error(provider_error)
            sms.write({"state": "error", "failure_type": "unknown"})
        return request.make_response("OK", headers=[("Content-Type", "text/plain")])

    @staticmethod
    def _authentic(gateway, params):
        if gateway.provider == "twilio":
            signature = request.httprequest.headers.get("X-Twilio-Signature", "")
            url = gateway._callback_url()
            return bool(signature) and RequestValidator(gateway.api_token).validate(url, params, signature)
        token = params.get("token") or ""
        return bool(token) and consteq(token, gateway.webhook_token or "")
