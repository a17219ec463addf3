"""One small class per provider; :func:`get_provider` picks it by the gateway's ``provider``."""

from .base import PERMANENT, SENT, TRANSIENT, GatewayConfig, ProviderResult
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


def get_provider(config):
    """Return the provider instance speaking a gateway's API.

    :param GatewayConfig config: from ``crm.sms.gateway._provider_config()``
    """
    return PROVIDERS[config.provider](config)


__all__ = ["PERMANENT", "PROVIDERS", "SENT", "TRANSIENT", "GatewayConfig", "ProviderResult", "get_provider"]
