"""SMSAPI.pl: ``POST /sms.do`` with an OAuth bearer token, ``format=json``; ``idx`` with
``check_idx=1`` makes SMSAPI refuse a second message with the same key.

Error codes, checked on 2026-11-30 against SMSAPI's published table "Kody błędów"
(https://www.smsapi.pl/statusy-wiadomosci): ``13`` "Brak prawidłowych numerów telefonów (numer
błędny, stacjonarny ... lub znajdujący się na czarnej liście)" is the refused recipient, which
we fail as a wrong number (permanent, no failover); ``11``, ``12``, ``14`` (message, sender)
and the other codes up to ``28`` are refusals of the request: permanent. The copy of that page
we could read ends at code 28: ``15`` (blacklist), ``53`` (``idx`` already used with
``check_idx``) and the system/too-many-requests codes ``201``-``203`` and ``999`` below are
SMSAPI's as its client libraries name them, not re-checked against the page; a code we do not
know is a permanent error, so at worst a message fails visibly instead of being sent twice.
The delivery report statuses (same page, "Statusy doręczenia"): ``402`` expired, ``403``
sent, ``404`` delivered, ``405`` undelivered, ``406`` failed, ``410`` accepted.
"""

from .base import (
    BLACKLISTED,
    DUPLICATE,
    INVALID_NUMBER,
    OTHER,
    PERMANENT,
    SENT,
    TRANSIENT,
    Provider,
    ProviderResult,
    _lt,
)

INVALID_NUMBER_CODES = {"13"}
BLACKLIST_CODES = {"15"}  # recipient on the account's blacklist
DUPLICATE_CODES = {"53"}  # idx already used (check_idx)
TRANSIENT_CODES = {"201", "202", "203", "999"}  # system errors, too many requests


class SmsApiProvider(Provider):
    default_url = "https://api.smsapi.pl/sms.do"

    def send(self, number, body, sender, key, callback_url=None):
        data = {
            "to": number.lstrip("+"),
            "message": body,
            "format": "json",
            "encoding": "utf-8",
            "idx": key,
            "check_idx": "1",
        }
        if sender:
            data["from"] = sender
        if callback_url:
            data["notify_url"] = callback_url
        _response, payload, failed = self._request_json(
            "POST", self.url, data=data, headers={"Authorization": f"Bearer {self.gateway.api_token}"}
        )
        if failed:
            return failed
        if not isinstance(payload, dict):
            return ProviderResult(PERMANENT, reason=OTHER, error_text=self._say(_lt("Unexpected answer from SMSAPI.")))
        if payload.get("error"):
            code = str(payload["error"])
            text = str(payload.get("message") or "")
            if code in TRANSIENT_CODES:
                return ProviderResult(TRANSIENT, error_code=code, error_text=text)
            if code in DUPLICATE_CODES:
                return ProviderResult(PERMANENT, reason=DUPLICATE, error_code=code, error_text=text)
            reason = (
                INVALID_NUMBER if code in INVALID_NUMBER_CODES else BLACKLISTED if code in BLACKLIST_CODES else OTHER
            )
            return ProviderResult(PERMANENT, reason=reason, error_code=code, error_text=text)
        items = payload.get("list") or []
        if not items:
            return ProviderResult(PERMANENT, reason=OTHER, error_text=self._say(_lt("SMSAPI accepted no message.")))
        item = items[0]
        return ProviderResult(SENT, message_id=str(item.get("id")), cost=float(item.get("points") or 0.0))
