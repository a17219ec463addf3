"""SerwerSMS.pl: ``POST /messages/send_sms`` (JSON) with a bearer token; ``unique_id`` is the
idempotency key."""

from .base import BLACKLISTED, DUPLICATE, INVALID_NUMBER, OTHER, PERMANENT, SENT, Provider, ProviderResult


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
            if kind == "DuplicateUniqueId":
                return ProviderResult(PERMANENT, reason=DUPLICATE, error_code=code, error_text=text)
            reason = INVALID_NUMBER if kind == "InvalidPhone" else BLACKLISTED if kind == "Blacklist" else OTHER
            return ProviderResult(PERMANENT, reason=reason, error_code=code or kind, error_text=text)
        items = payload.get("items") or []
        if not payload.get("success") or not items:
            unsent = payload.get("unsent_items") or [{}]
            return ProviderResult(
                PERMANENT,
                reason=INVALID_NUMBER,
                error_code=str(unsent[0].get("error_code") or ""),
                error_text=str(unsent[0].get("error_message") or "SerwerSMS did not queue the message."),
            )
        item = items[0]
        return ProviderResult(SENT, message_id=str(item.get("id")))
