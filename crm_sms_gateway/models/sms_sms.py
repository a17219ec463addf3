import logging
import threading
import time

import pytz

from odoo import _, fields, models

from ..providers import PERMANENT, SENT, get_provider
from ..providers.base import BLACKLISTED, DUPLICATE, INVALID_NUMBER
from .crm_sms_gateway import IDEMPOTENT_PROVIDERS
from .sms_text import count_segments, normalize_number, quiet_until

_logger = logging.getLogger(__name__)

# earliest next send per (database, gateway id): spaces calls to respect the rate limit
_NEXT_SLOT = {}
_SLOT_LOCK = threading.Lock()

NUMBER_ERRORS = {
    "missing": "sms_number_missing",
    "invalid": "sms_number_format",
    "fixed_line": "sms_number_format",
}


class SmsSms(models.Model):
    _inherit = "sms.sms"

    crm_urgent = fields.Boolean(string="Urgent", help="Sent at once, even during the company's SMS quiet hours.")

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Send through the company's gateways; SMS no gateway serves go on to core (IAP).

        An SMS belongs to us when a gateway serves its company; then we validate its number,
        respect the phone blacklist, and try the gateways by priority and prefix, failing over
        on transient errors only. States, failure types and ``sms.tracker`` are core's.
        """
        if not self.env["crm.sms.gateway"].sudo().search_count([], limit=1):
            return super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception)
        plans = {}
        for sms in self:
            company = sms.partner_id.company_id or self.env.company
            gateways = self.env["crm.sms.gateway"]._route(company)
            if gateways:
                country = sms.partner_id.country_id or company.country_id
                plans[sms.id] = (normalize_number(sms.number, country.code), gateways, company)
        ours = self.browse(list(plans))
        rest = self - ours
        if rest:
            super(SmsSms, rest)._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )
        if not ours:
            return
        ours = ours.sudo().with_context(sms_skip_msg_notification=True)
        held_until = []
        for sms in ours:
            number, gateways, company = plans[sms.id]
            if release := sms._crm_quiet_until(company):
                held_until.append(release)  # stays in the queue
                continue
            sms._crm_gateway_send(number, gateways, company, unlink_failed=unlink_failed, unlink_sent=unlink_sent)
        ours.mail_message_id._notify_message_notification_update()
        if held_until:
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger(at=min(held_until))

    def _crm_quiet_until(self, company):
        """The UTC time the company's quiet hours end for this SMS's recipient (partner's time
        zone, else the company's), or ``None`` when it may go now (or is urgent)."""
        self.ensure_one()
        if not company.sms_quiet_hours or self.crm_urgent:
            return None
        tz = pytz.timezone(self.partner_id.tz or company.partner_id.tz or "UTC")
        local_now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).replace(tzinfo=None)
        local_end = quiet_until(local_now, company.sms_quiet_start, company.sms_quiet_end)
        if not local_end:
            return None
        return tz.localize(local_end).astimezone(pytz.utc).replace(tzinfo=None)

    # one SMS -------------------------------------------------------------------------------------
    def _crm_gateway_send(self, number, gateways, company, unlink_failed, unlink_sent):
        self.ensure_one()
        if number.error:
            reason = _("Fixed line: it cannot receive SMS.") if number.error == "fixed_line" else False
            return self._crm_fail(NUMBER_ERRORS[number.error], reason, unlink_failed)
        if self.env["phone.blacklist"].sudo().search_count([("number", "=", number.e164), ("active", "=", True)]):
            return self._crm_fail_blacklisted(unlink_failed)
        gateways = self.env["crm.sms.gateway"]._route(company, number.e164)
        if not gateways:
            return self._crm_fail("sms_country_not_supported", False, unlink_failed)
        Attempt = self.env["crm.sms.attempt"].sudo()
        previous = Attempt.search(
            [("sms_uuid", "=", self.uuid), ("state", "in", ("sending", "sent", "delivered"))], limit=1
        )
        if previous.state in ("sent", "delivered"):
            return self._crm_succeed(unlink_sent)
        if previous:
            # killed after calling the provider, before our commit: only a provider that knows
            # our key may be asked again; the others may have sent it already
            if previous.gateway_id.provider not in IDEMPOTENT_PROVIDERS:
                return self._crm_fail(
                    "unknown",
                    _(
                        "Interrupted while gateway %s was sending; check its log before resending.",
                        previous.gateway_id.name,
                    ),
                    unlink_failed,
                )
            gateways = previous.gateway_id | gateways
        last = None
        for gateway in gateways:
            body = gateway._prepare_body(self.body or "")
            segments = count_segments(body)
            for retry in range(gateway.max_retries + 1):
                _wait_for_slot(self.env.cr.dbname, gateway)
                attempt_id = _ledger(
                    self.env,
                    None,
                    {
                        "sms_uuid": self.uuid,
                        "gateway_id": gateway.id,
                        "number": number.e164,
                        "idempotency_key": self.uuid,
                        "encoding": segments.encoding,
                        "segments": segments.segments,
                        "cost": segments.segments * gateway.cost_per_segment,
                    },
                )
                result = get_provider(gateway).send(
                    number.e164, body, gateway.sender_name, self.uuid, gateway._callback_url()
                )
                last = result
                if result.status == SENT or result.reason == DUPLICATE:
                    _ledger(
                        self.env,
                        attempt_id,
                        {
                            "state": "sent",
                            "provider_message_id": result.message_id or previous.provider_message_id,
                            "error_code": result.error_code,
                            "error_text": result.error_text,
                            **({"cost": result.cost} if result.cost else {}),
                        },
                    )
                    return self._crm_succeed(unlink_sent)
                _ledger(
                    self.env,
                    attempt_id,
                    {
                        "state": "failed" if result.status == PERMANENT else "transient",
                        "error_code": result.error_code,
                        "error_text": result.error_text,
                    },
                )
                _logger.info("SMS %s through gateway %s: %s %s", self.id, gateway.id, result.status, result.error_code)
                if result.status == PERMANENT:
                    if result.reason == BLACKLISTED:
                        return self._crm_fail_blacklisted(unlink_failed)
                    failure = "sms_number_format" if result.reason == INVALID_NUMBER else "unknown"
                    return self._crm_fail(failure, result.error_text, unlink_failed)
                if retry < gateway.max_retries:
                    delay = result.retry_after if result.retry_after is not None else 0.2 * 2**retry
                    time.sleep(min(delay, 5.0))
        return self._crm_fail("sms_server", last and last.error_text, unlink_failed)

    def _crm_succeed(self, unlink_sent):
        self.sms_tracker_id._action_update_from_sms_state("pending")
        self.write({"state": "pending", "failure_type": False, **({"to_delete": True} if unlink_sent else {})})

    def _crm_fail(self, failure_type, reason, unlink_failed):
        self.sms_tracker_id._action_update_from_sms_state("error", failure_type=failure_type, failure_reason=reason)
        self.write({"state": "error", "failure_type": failure_type, **({"to_delete": True} if unlink_failed else {})})

    def _crm_fail_blacklisted(self, unlink_failed):
        """Opted-out numbers are cancelled as core's mass SMS does (the notification has no
        "blacklisted" failure type; the SMS keeps it)."""
        self.sms_tracker_id._action_update_from_sms_state("canceled")
        self.write(
            {"state": "canceled", "failure_type": "sms_blacklist", **({"to_delete": True} if unlink_failed else {})}
        )


def _ledger(env, attempt_id, values):
    """Create (``attempt_id`` None) or update an attempt in a transaction of its own, committed
    at once, so it survives whatever happens to the caller's transaction.

    :return: the attempt's id
    """
    with env.registry.cursor() as cr:
        Attempt = env(cr=cr, su=True)["crm.sms.attempt"]
        if attempt_id is None:
            return Attempt.create(values).id
        Attempt.browse(attempt_id).write(values)
        return attempt_id


def _wait_for_slot(dbname, gateway):
    """Sleep until ``gateway`` may take one more message under its rate limit."""
    interval = 1.0 / gateway.rate_limit
    with _SLOT_LOCK:
        now = time.monotonic()
        slot = max(now, _NEXT_SLOT.get((dbname, gateway.id), now))
        _NEXT_SLOT[(dbname, gateway.id)] = slot + interval
    if slot > now:
        time.sleep(slot - now)
