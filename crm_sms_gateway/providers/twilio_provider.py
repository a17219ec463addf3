"""Twilio through its SDK; ``api_url`` (tests only) points the SDK at another server."""

import logging

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .base import BLACKLISTED, INVALID_NUMBER, OTHER, PERMANENT, SENT, TRANSIENT, Provider, ProviderResult, _lt

# the SDK logs every request at INFO (URL with the account SID, headers): keep it quiet
_sdk_logger = logging.getLogger(__name__ + ".sdk")
_sdk_logger.setLevel(logging.WARNING)

# Twilio error codes: invalid 'To', not a mobile, unsubscribed recipient.
INVALID_NUMBER_CODES = {21211, 21214, 21614, 21612, 21408}
BLACKLIST_CODES = {21610}


class TwilioProvider(Provider):
    default_url = None

    def _client(self):
        """This thread's SDK client (its http client keeps its own session)."""
        client = getattr(self._local, "client", None)
        if client is None:
            http_client = TwilioHttpClient(timeout=self.gateway.timeout or 15, logger=_sdk_logger)
            client = self._local.client = Client(
                self.gateway.account_sid, self.gateway.api_token, http_client=http_client
            )
            if self.gateway.api_url:
                client.api.base_url = self.gateway.api_url.rstrip("/")
            if http_client.session is not None:
                with self._sessions_lock:
                    self._sessions.append(http_client.session)
        return client

    def send(self, number, body, sender, key, callback_url=None):
        values = {"to": number, "body": body}
        if callback_url:
            values["status_callback"] = callback_url
        if self.gateway.messaging_service_sid:
            values["messaging_service_sid"] = self.gateway.messaging_service_sid
        else:
            values["from_"] = sender or self.gateway.from_number
        try:
            message = self._client().messages.create(**values)
        except TwilioRestException as exc:
            if exc.status == 429 or exc.status >= 500:
                return ProviderResult(TRANSIENT, error_code=str(exc.status), error_text=str(exc.msg)[:200])
            code = exc.code or exc.status
            reason = (
                INVALID_NUMBER if code in INVALID_NUMBER_CODES else BLACKLISTED if code in BLACKLIST_CODES else OTHER
            )
            return ProviderResult(PERMANENT, reason=reason, error_code=str(code), error_text=str(exc.msg)[:200])
        except TwilioException as exc:  # timeouts and connection errors of the SDK's http client
            return ProviderResult(TRANSIENT, error_code="connection", error_text=str(exc)[:200])
        except ValueError as exc:  # garbage instead of JSON
            return ProviderResult(
                PERMANENT,
                reason=OTHER,
                error_text=self._say(_lt("Twilio answered garbage: %(error)s", error=str(exc)))[:200],
            )
        return ProviderResult(SENT, message_id=message.sid, cost=abs(float(message.price or 0.0)))
