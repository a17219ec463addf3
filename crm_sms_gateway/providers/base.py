"""What every provider returns, and the HTTP plumbing they share."""

import json
import logging
import threading
from typing import NamedTuple

import requests

from odoo.tools.translate import LazyTranslate

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

SENT = "sent"
TRANSIENT = "transient"  # timeout, 429, 5xx: retry, then fail over to the next gateway
PERMANENT = "permanent"  # the message itself is refused: fail it, never fail over

# Why a message failed permanently, mapped later to sms.sms failure types.
INVALID_NUMBER = "invalid_number"
BLACKLISTED = "blacklisted"
DUPLICATE = "duplicate"  # the provider already has this idempotency key: it was sent before
OTHER = "other"


class ProviderResult(NamedTuple):
    """One provider answer for one SMS.

    ``status`` SENT, TRANSIENT or PERMANENT; ``reason`` INVALID_NUMBER, BLACKLISTED,
    DUPLICATE or OTHER for PERMANENT; ``message_id`` the provider's id; ``error_code`` and
    ``error_text`` as the provider said them; ``cost`` when the provider tells it;
    ``retry_after`` seconds the provider asked us to wait (429)."""

    status: str
    message_id: str | None = None
    reason: str | None = None
    error_code: str | None = None
    error_text: str | None = None
    cost: float = 0.0
    retry_after: float | None = None


class GatewayConfig(NamedTuple):
    """What a provider needs of a ``crm.sms.gateway``, read once in the main thread: sending
    threads never touch the ORM (records are bound to the main thread's cursor)."""

    id: int
    name: str
    provider: str
    api_url: str | None = None
    api_token: str | None = None
    account_sid: str | None = None
    from_number: str | None = None
    messaging_service_sid: str | None = None
    timeout: int = 15
    http_method: str = "post"
    params_template: str | None = None
    auth_header_name: str | None = None
    success_path: str | None = None
    message_id_path: str | None = None
    rate_limit: float = 10.0
    max_retries: int = 2
    max_connections: int = 4
    lang: str = "en_US"  # the language of the errors our own code writes


class Provider:
    """Base class: ``send(number, body, sender, key, callback_url)`` returns a
    :class:`ProviderResult`; ``key`` is the idempotency key, ``callback_url`` where the
    provider should post its delivery report (providers that take it per message).

    One instance serves one gateway for one sending run and may be called from several
    threads at once: each thread gets its own ``requests`` session (its own keep-alive
    connection); :meth:`close` closes them all at the end of the run.

    :param GatewayConfig gateway: endpoint, credentials and limits of the gateway.
    """

    default_url = None

    def __init__(self, gateway):
        self.gateway = gateway
        self.url = gateway.api_url or self.default_url
        self._local = threading.local()
        self._sessions = []
        self._sessions_lock = threading.Lock()

    def send(self, number, body, sender, key, callback_url=None):
        raise NotImplementedError

    @property
    def session(self):
        """This thread's ``requests.Session``."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def close(self):
        """Close every thread's session (their connections)."""
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    # helpers ---------------------------------------------------------------------------------
    def _say(self, message):
        """``message`` (a ``_lt`` term) in the gateway's language: errors our code writes, as
        opposed to the provider's own texts, read in the user's language. Safe in a sending
        thread: Odoo reads code translations from the addons' files, not from the database."""
        return message._translate(self.gateway.lang or "en_US")

    def _request(self, method, url, **kwargs):
        """Call ``url``; network failures become a TRANSIENT result instead of an exception.

        :return: ``(response, None)`` or ``(None, ProviderResult)``
        """
        try:
            response = self.session.request(method, url, timeout=self.gateway.timeout or 15, **kwargs)
        except requests.Timeout:
            return None, ProviderResult(
                TRANSIENT, error_code="timeout", error_text=self._say(_lt("The gateway did not answer in time."))
            )
        except requests.RequestException as exc:
            return None, ProviderResult(TRANSIENT, error_code="connection", error_text=type(exc).__name__)
        return response, None

    def _request_json(self, method, url, **kwargs):
        """Call ``url`` and read its JSON answer: network failures, 429/5xx and garbage
        become a failed :class:`ProviderResult` instead of an exception.

        :return: ``(response, payload, None)`` or ``(response or None, None, ProviderResult)``
        """
        response, failed = self._request(method, url, **kwargs)
        if failed:
            return None, None, failed
        failed = self._http_transient(response)
        if failed:
            return response, None, failed
        payload, failed = self._json(response)
        return response, payload, failed

    @staticmethod
    def _http_transient(response):
        """A TRANSIENT result for 429 and 5xx answers, else ``None``."""
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = response.headers.get("Retry-After")
            try:
                retry_after = float(retry_after) if retry_after is not None else None
            except ValueError:
                retry_after = None
            return ProviderResult(
                TRANSIENT,
                error_code=str(response.status_code),
                error_text=(response.reason or "")[:200],
                retry_after=retry_after,
            )
        return None

    def _json(self, response):
        """The answer's JSON, or a PERMANENT result with a readable error for garbage."""
        try:
            return json.loads(response.text), None
        except ValueError:
            snippet = " ".join(response.text.split())[:120]
            return None, ProviderResult(
                PERMANENT,
                reason=OTHER,
                error_code=f"http_{response.status_code}",
                error_text=self._say(_lt("The gateway did not answer JSON: %(answer)s", answer=snippet)),
            )
