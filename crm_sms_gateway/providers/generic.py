"""A generic HTTP provider: the administrator describes URL, method, parameters, an auth
header and where the answer holds success and the message id."""

import json

from .base import OTHER, PERMANENT, SENT, Provider, ProviderResult


def json_path(payload, path):
    """Follow a dotted ``path`` (``"messages.0.id"``) into ``payload``; ``None`` if absent."""
    for part in (path or "").split("."):
        if not part:
            continue
        if isinstance(payload, list) and part.isdigit() and int(part) < len(payload):
            payload = payload[int(part)]
        elif isinstance(payload, dict) and part in payload:
            payload = payload[part]
        else:
            return None
    return payload


class GenericProvider(Provider):
    def _params(self, number, body, sender, key, callback_url):
        template = json.loads(self.gateway.params_template or "{}")
        values = {"number": number, "body": body, "sender": sender or "", "key": key, "callback": callback_url or ""}
        return {
            name: str(value).format_map(values) if isinstance(value, str) else value for name, value in template.items()
        }

    def send(self, number, body, sender, key, callback_url=None):
        params = self._params(number, body, sender, key, callback_url)
        headers = {}
        if self.gateway.auth_header_name:
            headers[self.gateway.auth_header_name] = self.gateway.api_token or ""
        if self.gateway.http_method == "get":
            response, payload, failed = self._request_json("GET", self.url, params=params, headers=headers)
        else:
            response, payload, failed = self._request_json("POST", self.url, json=params, headers=headers)
        if failed:
            return failed
        success = json_path(payload, self.gateway.success_path) if self.gateway.success_path else response.ok
        if not success or not response.ok:
            return ProviderResult(
                PERMANENT, reason=OTHER, error_code=str(response.status_code), error_text=response.text[:200]
            )
        message_id = json_path(payload, self.gateway.message_id_path)
        return ProviderResult(SENT, message_id=str(message_id) if message_id is not None else None)
