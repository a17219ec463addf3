import logging

import pytz

from odoo import _, fields, models

from ..providers import get_provider
from ..providers.base import BLACKLISTED, INVALID_NUMBER
from ..providers.dispatch import Job, Route, dispatch
from .crm_sms_gateway import IDEMPOTENT_PROVIDERS
from .sms_text import count_segments, normalize_number, quiet_until

_logger = logging.getLogger(__name__)

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
        respect the phone blacklist, and send the batch concurrently (each gateway at its rate
        limit and number of connections), failing over on transient errors only. States,
        failure types and ``sms.tracker`` are core's.
        """
        if not self.env["crm.sms.gateway"].sudo().search_count([], limit=1):
            return super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception)
        routes_by_company = {}
        plans = {}
        for sms in self:
            company = sms.partner_id.company_id or self.env.company
            if company not in routes_by_company:
                routes_by_company[company] = self.env["crm.sms.gateway"]._route(company)
            if routes_by_company[company]:
                country = sms.partner_id.country_id or company.country_id
                plans[sms.id] = (normalize_number(sms.number, country.code), company)
        ours = self.browse(list(plans))
        rest = self - ours
        if rest:
            super(SmsSms, rest)._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )
        if not ours:
            return
        ours = ours.sudo().with_context(sms_skip_msg_notification=True)
        outcomes = _Outcomes(ours)
        held_until = []
        to_check = []
        for sms in ours:
            number, company = plans[sms.id]
            if release := sms._crm_quiet_until(company):
                held_until.append(release)  # stays in the queue
            elif number.error:
                reason = _("Fixed line: it cannot receive SMS.") if number.error == "fixed_line" else False
                outcomes.fail(sms.id, NUMBER_ERRORS[number.error], reason)
            else:
                to_check.append(sms.id)
        jobs = ours._crm_prepare_jobs(ours.browse(to_check), plans, routes_by_company, outcomes)
        if jobs:
            dispatch(jobs, _Ledger(self.env), self.env.cr.dbname, get_provider)
            for job in jobs:
                outcomes.add_job(job)
        outcomes.apply(unlink_sent=unlink_sent, unlink_failed=unlink_failed)
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

    def _crm_prepare_jobs(self, to_check, plans, routes_by_company, outcomes):
        """The :class:`Job` of each SMS of ``to_check`` that must be sent; the others get their
        outcome at once (blacklisted, no gateway for the destination, sent before a kill, or
        interrupted with a provider that cannot deduplicate). Reads in a few queries for the
        whole batch, never one per message.

        :param plans: ``{sms id: (NormalizedNumber, company)}``
        :param routes_by_company: ``{company: crm.sms.gateway}`` in the order to try them
        :param _Outcomes outcomes: collects the outcomes decided here
        :return: list of :class:`Job`
        """
        numbers = {plans[sms.id][0].e164 for sms in to_check}
        blacklisted = set(
            self.env["phone.blacklist"]
            .sudo()
            .search([("number", "in", list(numbers)), ("active", "=", True)])
            .mapped("number")
        )
        previous = {}
        for attempt in (
            self.env["crm.sms.attempt"]
            .sudo()
            .search(
                [("sms_uuid", "in", to_check.mapped("uuid")), ("state", "in", ("sending", "sent", "delivered"))],
                order="id",
            )
        ):
            known = previous.get(attempt.sms_uuid)
            if not known or known.state not in ("sent", "delivered"):
                previous[attempt.sms_uuid] = attempt  # a sent attempt wins, else the last one
        configs, callbacks, route_cache = {}, {}, {}
        jobs = []
        for sms in to_check:
            number, company = plans[sms.id]
            if number.e164 in blacklisted:
                outcomes.blacklist(sms.id)
                continue
            gateways = routes_by_company[company].filtered(lambda g, e164=number.e164: g._serves(e164))
            if not gateways:
                outcomes.fail(sms.id, "sms_country_not_supported", False)
                continue
            done = previous.get(sms.uuid)
            if done and done.state in ("sent", "delivered"):
                outcomes.succeed(sms.id)
                continue
            if done:
                # killed after calling the provider, before our commit: only a provider that
                # knows our key may be asked again; the others may have sent it already
                if done.gateway_id.provider not in IDEMPOTENT_PROVIDERS:
                    outcomes.fail(
                        sms.id,
                        "unknown",
                        _(
                            "Interrupted while gateway %s was sending; check its log before resending.",
                            done.gateway_id.name,
                        ),
                    )
                    continue
                gateways = done.gateway_id | gateways
            routes = []
            for gateway in gateways:
                if gateway.id not in configs:
                    configs[gateway.id] = gateway._provider_config()
                    callbacks[gateway.id] = gateway._callback_url()
                key = (gateway.id, sms.body)
                if key not in route_cache:
                    body = gateway._prepare_body(sms.body or "")
                    segments = count_segments(body)
                    route_cache[key] = Route(
                        config=configs[gateway.id],
                        body=body,
                        encoding=segments.encoding,
                        segments=segments.segments,
                        cost=segments.segments * gateway.cost_per_segment,
                        sender=gateway.sender_name or None,
                        callback_url=callbacks[gateway.id],
                    )
                routes.append(route_cache[key])
            jobs.append(
                Job(
                    sms_id=sms.id,
                    key=sms.uuid,
                    number=number.e164,
                    routes=routes,
                    previous_message_id=done.provider_message_id if done else None,
                )
            )
        return jobs


class _Ledger:
    """The attempt ledger as :func:`dispatch` writes it: one transaction of its own per call,
    committed at once, so it survives whatever happens to the caller's transaction."""

    def __init__(self, env):
        self.env = env

    def __call__(self, updates, creates):
        with self.env.registry.cursor() as cr:
            Attempt = self.env(cr=cr, su=True)["crm.sms.attempt"]
            for attempt_id, values in updates:
                Attempt.browse(attempt_id).write(values)
            return Attempt.create(creates).ids if creates else []


class _Outcomes:
    """What happened to each SMS of a batch, applied at the end in a few grouped writes.

    :param sms_model: the ``sms.sms`` model (sudo, without notification updates per write)
    """

    def __init__(self, sms_model):
        self.SMS = sms_model
        self.sent = []
        self.blacklisted = []
        self.failed = {}  # (failure type, reason) -> sms ids

    def succeed(self, sms_id):
        self.sent.append(sms_id)

    def blacklist(self, sms_id):
        self.blacklisted.append(sms_id)

    def fail(self, sms_id, failure_type, reason):
        self.failed.setdefault((failure_type, reason or False), []).append(sms_id)

    def add_job(self, job):
        result = job.result
        if job.outcome == "sent":
            self.succeed(job.sms_id)
        elif job.outcome == "exhausted":
            self.fail(job.sms_id, "sms_server", result.error_text)
        elif result.reason == BLACKLISTED:
            self.blacklist(job.sms_id)
        else:
            failure = "sms_number_format" if result.reason == INVALID_NUMBER else "unknown"
            self.fail(job.sms_id, failure, result.error_text)

    def apply(self, unlink_sent, unlink_failed):
        """Core's states and trackers: accepted SMS are "pending" until the delivery report;
        opted-out numbers are cancelled as core's mass SMS does (the notification has no
        "blacklisted" failure type; the SMS keeps it)."""
        if self.sent:
            sms = self.SMS.browse(self.sent)
            sms.sms_tracker_id._action_update_from_sms_state("pending")
            sms.write({"state": "pending", "failure_type": False, **({"to_delete": True} if unlink_sent else {})})
        if self.blacklisted:
            sms = self.SMS.browse(self.blacklisted)
            sms.sms_tracker_id._action_update_from_sms_state("canceled")
            sms.write(
                {"state": "canceled", "failure_type": "sms_blacklist", **({"to_delete": True} if unlink_failed else {})}
            )
        for (failure_type, reason), ids in self.failed.items():
            sms = self.SMS.browse(ids)
            sms.sms_tracker_id._action_update_from_sms_state("error", failure_type=failure_type, failure_reason=reason)
            sms.write(
                {"state": "error", "failure_type": failure_type, **({"to_delete": True} if unlink_failed else {})}
            )
