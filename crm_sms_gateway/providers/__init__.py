"""One small class per provider; :func:`get_provider` picks it by the gateway's ``provider``."""

from .base import PERMANENT, SENT, TRANSIENT, ProviderResult
from .generic import GenericProvider
from .serwersms import SerwerSmsProvider
from .smsapi import SmsApiProvider
from .twilio_provider import TwilioProvider

PROVIDERS = {
    "smsapi": SmsApiProvider,
    "serwersms": SerwerSmsProvider,
    "twilio": TwilioProvider,
    "generic": GenericProvider,
}


def get_provider(gateway):
    """Return the provider instance speaking ``gateway``'s API (a ``crm.sms.gateway`` record,
    read with sudo by the caller: it reads the credentials)."""
    return PROVIDERS[gateway.provider](gateway)


__all__ = ["PERMANENT", "PROVIDERS", "SENT", "TRANSIENT", "ProviderResult", "get_provider"]
