"""Concurrent, rate-limited sending of many SMS, free of the ORM.

The main thread (the one holding Odoo's cursor) runs :func:`dispatch`: it writes the attempt
ledger through the ``ledger`` callback, always *before* handing a call to a sending thread and
*after* reading its result, and decides retries, back-off and failover. Sending threads only
wait for their gateway's :class:`RateLimiter` and call the provider (each thread with its own
HTTP session); they never touch the database.

Why this never sends an SMS twice: a call starts only after the ledger row saying "sending"
is committed, and every message is in at most one call at a time; a kill at any point leaves
either no row (never called) or a "sending"/"sent" row that the next run reads before calling.
"""

import heapq
import itertools
import logging
import queue
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .base import DUPLICATE, OTHER, PERMANENT, SENT, GatewayConfig, ProviderResult, _lt

_logger = logging.getLogger(__name__)

MAX_BACKOFF = 5.0  # seconds, whatever the provider's Retry-After says

# The real clock, kept out of reach of freezegun (which patches ``time.monotonic`` and every
# module attribute bound to it): rate limits and back-offs run on real time, even in tests
# that freeze the calendar.
_CLOCK = (time.monotonic,)


def _now():
    return _CLOCK[0]()


class RateLimiter:
    """At most ``rate`` calls in any window of one second, spread evenly.

    A call may start ``1/rate`` after the previous one, and only when the ``int(rate)``-th
    (at least one) call before it started more than ``1 s + margin`` ago. Both are checked
    against the times calls really start (a thread that wakes up late books its real start,
    so late wake-ups never bunch calls together); the margin absorbs the jitter between that
    start and the moment the request reaches the provider, so the provider, counting on its
    side, never sees more than ``rate`` requests in a second. Thread-safe; shared by every
    sending run of this process for one gateway.
    """

    def __init__(self, rate, margin=0.1):
        self.margin = margin
        self._lock = threading.Lock()
        self._next = 0.0
        self.set_rate(rate)

    def set_rate(self, rate):
        with self._lock:
            self.rate = float(rate)
            self._starts = deque(maxlen=max(1, int(self.rate)))

    def try_start(self):
        """Book a start now if allowed; return 0.0 then, else the seconds to wait first."""
        with self._lock:
            now = _now()
            earliest = self._next
            if len(self._starts) == self._starts.maxlen:
                earliest = max(earliest, self._starts[0] + 1.0 + self.margin)
            if now < earliest:
                return earliest - now
            self._starts.append(now)
            self._next = now + 1.0 / self.rate
            return 0.0

    def wait(self):
        """Block until this thread may start one call (booked)."""
        while delay := self.try_start():
            time.sleep(delay)


_LIMITERS = {}
_LIMITERS_LOCK = threading.Lock()


def limiter_for(dbname, config):
    """The process-wide :class:`RateLimiter` of a gateway, at its configured rate."""
    with _LIMITERS_LOCK:
        limiter = _LIMITERS.get((dbname, config.id))
        if limiter is None:
            limiter = _LIMITERS[(dbname, config.id)] = RateLimiter(config.rate_limit)
        elif limiter.rate != config.rate_limit:
            limiter.set_rate(config.rate_limit)
        return limiter


@dataclass
class Route:
    """One gateway a message may go through, with the body as that gateway sends it."""

    config: GatewayConfig
    body: str
    encoding: str
    segments: int
    cost: float
    sender: str | None
    callback_url: str | None


@dataclass
class Job:
    """One SMS to send: its routes in the order to try them, and where it stands.

    ``outcome`` ends as ``"sent"`` (the provider took it, or already had its key),
    ``"permanent"`` (refused for good: ``result`` says why) or ``"exhausted"`` (transient
    errors on every route)."""

    sms_id: int
    key: str
    number: str
    routes: list
    previous_message_id: str | None = None
    route_index: int = 0
    retry: int = 0
    attempt_id: int | None = None
    result: ProviderResult | None = None
    outcome: str | None = None

    @property
    def route(self):
        return self.routes[self.route_index]


def _attempt_values(job):
    route = job.route
    return {
        "sms_uuid": job.key,
        "gateway_id": route.config.id,
        "number": job.number,
        "idempotency_key": job.key,
        "encoding": route.encoding,
        "segments": route.segments,
        "cost": route.cost,
    }


def _result_values(job, result):
    if result.status == SENT or result.reason == DUPLICATE:
        return {
            "state": "sent",
            "provider_message_id": result.message_id or job.previous_message_id,
            "error_code": result.error_code,
            "error_text": result.error_text,
            **({"cost": result.cost} if result.cost else {}),
        }
    return {
        "state": "failed" if result.status == PERMANENT else "transient",
        "error_code": result.error_code,
        "error_text": result.error_text,
    }


def _call(provider, limiter, job):
    """In a sending thread: wait for the gateway's rate, then call the provider once."""
    route = job.route
    limiter.wait()
    try:
        return provider.send(job.number, route.body, route.sender, job.key, route.callback_url)
    except Exception:  # a bug of ours or of an SDK: the message may have left, never retry it
        _logger.exception("SMS %s: gateway %s raised while sending", job.sms_id, route.config.id)
        return ProviderResult(
            PERMANENT, reason=OTHER, error_code="exception", error_text=provider._say(_lt("Internal error."))
        )


def dispatch(jobs, ledger, dbname, providers_factory):
    """Send ``jobs`` concurrently; return when each has an ``outcome``.

    :param list[Job] jobs: the messages, each with at least one route
    :param ledger: ``ledger(updates, creates) -> new ids``, called in this thread only:
        ``updates`` a list of ``(attempt id, values)`` (results read), ``creates`` a list of
        values (calls about to start); it must commit before returning
    :param str dbname: scopes the rate limiters
    :param providers_factory: ``GatewayConfig -> Provider`` (one per gateway for this run)
    :return: ``jobs``
    """
    _Dispatcher(ledger, dbname, providers_factory).run(jobs)
    return jobs


class _Dispatcher:
    """The main thread's loop behind :func:`dispatch`: results in, ledger written, decisions
    taken, calls out; the sending threads only wait for their rate and call."""

    def __init__(self, ledger, dbname, providers_factory):
        self.ledger, self.dbname, self.providers_factory = ledger, dbname, providers_factory
        self.results = queue.Queue()
        self.ready = {}  # gateway id -> deque of jobs waiting for a connection
        self.delayed = []  # heap of (time, seq, job) waiting for their back-off
        self.seq = itertools.count()
        self.inflight = {}
        self.configs, self.pools, self.providers, self.limiters = {}, {}, {}, {}

    def run(self, jobs):
        for job in jobs:
            self._enqueue(job)
        try:
            while any(self.ready.values()) or self.delayed or any(self.inflight.values()):
                done = self._collect()
                starting = self._take_ready()
                if done or starting:
                    self._record(done, starting)
                    for job, result in done:
                        self._settle(job, result)
                    for job in starting:
                        self._submit(job)
                else:
                    self._wait()
        finally:
            for pool in self.pools.values():
                pool.shutdown(wait=True)
            for provider in self.providers.values():
                provider.close()

    def _enqueue(self, job):
        config = job.route.config
        self.configs[config.id] = config
        self.ready.setdefault(config.id, deque()).append(job)
        self.inflight.setdefault(config.id, 0)

    def _collect(self):
        """Results that came in, and jobs whose back-off is over back in line."""
        done = []
        while True:
            try:
                done.append(self.results.get_nowait())
            except queue.Empty:
                break
        now = _now()
        while self.delayed and self.delayed[0][0] <= now:
            self._enqueue(heapq.heappop(self.delayed)[2])
        for job, _result in done:
            self.inflight[job.route.config.id] -= 1
        return done

    def _take_ready(self):
        """As many waiting jobs as their gateways have free connections."""
        starting = []
        for gateway_id, waiting in self.ready.items():
            free = self.configs[gateway_id].max_connections - self.inflight[gateway_id]
            while waiting and free > 0:
                starting.append(waiting.popleft())
                free -= 1
        return starting

    def _record(self, done, starting):
        """One committed ledger transaction: the results read, the calls about to start."""
        updates = []
        for job, result in done:
            updates.append((job.attempt_id, _result_values(job, result)))
            if result.status != SENT:
                _logger.info(
                    "SMS %s through gateway %s: %s %s",
                    job.sms_id,
                    job.route.config.id,
                    result.status,
                    result.error_code,
                )
        ids = self.ledger(updates, [_attempt_values(job) for job in starting])
        for job, attempt_id in zip(starting, ids, strict=True):
            job.attempt_id = attempt_id

    def _settle(self, job, result):
        """What follows a result: done, a retry after a back-off, or the next gateway."""
        job.result = result
        if result.status == SENT or result.reason == DUPLICATE:
            job.outcome = "sent"
        elif result.status == PERMANENT:
            job.outcome = "permanent"
        elif job.retry < job.route.config.max_retries:
            delay = result.retry_after if result.retry_after is not None else 0.2 * 2**job.retry
            job.retry += 1
            heapq.heappush(self.delayed, (_now() + min(delay, MAX_BACKOFF), next(self.seq), job))
        elif job.route_index + 1 < len(job.routes):
            job.route_index += 1
            job.retry = 0
            self._enqueue(job)
        else:
            job.outcome = "exhausted"

    def _submit(self, job):
        config = job.route.config
        if config.id not in self.pools:
            self.pools[config.id] = ThreadPoolExecutor(
                max_workers=config.max_connections, thread_name_prefix=f"sms-gateway-{config.id}"
            )
            self.providers[config.id] = self.providers_factory(config)
            self.limiters[config.id] = limiter_for(self.dbname, config)
        self.inflight[config.id] += 1
        future = self.pools[config.id].submit(_call, self.providers[config.id], self.limiters[config.id], job)
        future.add_done_callback(lambda f, job=job: self.results.put((job, f.result())))

    def _wait(self):
        """Nothing to do: sleep until a result comes in or the next back-off ends."""
        timeout = max(0.0, self.delayed[0][0] - _now()) if self.delayed else None
        if not any(self.inflight.values()):
            time.sleep(timeout or 0.0)
            return
        try:
            self.results.put(self.results.get(timeout=timeout))
        except queue.Empty:
            return
