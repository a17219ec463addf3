"""SerwerSMS.pl HTTPS API v2: ``POST /messages/send_sms`` (JSON) with a bearer token;
``unique_id`` is the idempotency key.

Error codes, checked on 2026-11-30 against SerwerSMS's published list for this API
(https://dev.serwersms.pl/en/https-api-v2/general-communications, "The list of error codes
returned by the API"): ``2001 ValidationPhoneError`` "Invalid phone number" is the one that
means the recipient's number; ``1000``-``1008`` (action, login, permissions, IP, data format),
``2000`` (missing parameters) and the ``3000``-series ``SendError`` (limits and permissions of
the account, empty or too long message) are refusals of the request itself: permanent, and
never a reason to try another number. Not in that list, so recognised by their wording and
kept tolerant: a ``unique_id`` used before (any error whose type or text names ``unique``)
and a blacklisted recipient (the code ``2206`` "Numer znajduje sie na czarnej liscie" of
SerwerSMS's delivery codes, https://dev.serwersms.pl/sql-api/kody-bledow, or a type naming the
blacklist).
"""

INVALID_PHONE_CODES = {"2001"}
INVALID_PHONE_TYPES = {"ValidationPhoneError"}
BLACKLIST_CODES = {"2206"}

from .base import BLACKLISTED, DUPLICATE, INVALID_NUMBER, OTHER, PERMANENT, SENT, Provider, ProviderResult, _lt


class SerwerSmsProvider(Provider):
    default_url = "https://api2.serwersms.pl/messages/send_sms"

    def send(self, number, body, sender, key, callback_url=None):
        # SerwerSMS posts delivery reports to the URL set in its panel (no per-message URL)
        data = {"phone": number, "text": body, "unique_id": key, "details": True, "utf": True}
        if sender:
            data["sender"] = sender
        _response, payload, failed = self._request_json(
            "POST", self.url, json=data, headers={"Authorization": f"Bearer {self.gateway.api_token}"}
        )
        if failed:
            return failed
        error = payload.get("error") if isinstance(payload, dict) else None
        if error or not isinstance(payload, dict):
            error = error if isinstance(error, dict) else {}
            code, text = str(error.get("code") or ""), str(error.get("message") or "")
            kind = str(error.get("type") or "")
            if "unique" in f"{kind} {text}".lower():
                return ProviderResult(PERMANENT, reason=DUPLICATE, error_code=code, error_text=text)
            if code in INVALID_PHONE_CODES or kind in INVALID_PHONE_TYPES:
                reason = INVALID_NUMBER
            elif code in BLACKLIST_CODES or "blacklist" in kind.lower():
                reason = BLACKLISTED
            else:
                reason = OTHER
            return ProviderResult(PERMANENT, reason=reason, error_code=code or kind, error_text=text)
        items = payload.get("items") or []
        if not payload.get("success") or not items:
            unsent = payload.get("unsent_items") or [{}]
            return ProviderResult(
                PERMANENT,
                reason=INVALID_NUMBER,
                error_code=str(unsent[0].get("error_code") or ""),
                error_text=str(
                    unsent[0].get("error_message") or self._say(_lt("SerwerSMS did not queue the message."))
                ),
            )
        item = items[0]
        return ProviderResult(SENT, message_id=str(item.get("id")))
