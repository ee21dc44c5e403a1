"""The webhook dispatcher: claims due deliveries, posts them signed (Standard Webhooks),
records each attempt and retries with back-off for up to a day. A receiver that fails is
backed off as a whole: one attempt in flight, its other deliveries waiting behind it, so a
burst of events during an outage counts as one outage. It is disabled only after failing for
the whole retry window (its pending deliveries are kept for when it is enabled again), and
deactivated on 410 Gone. Also turns changes in the computed alarms into alarm.raised /
alarm.cleared events.

Several dispatchers may run at once: a delivery is claimed (a lease in `claimed_until`) in a
short transaction with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has a single writer),
so no two send the same delivery at the same time. Delivery is at least once: a dispatcher
that dies mid-send leaves its claim to expire and the delivery is sent again."""

import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import delete, exists, or_, update
from sqlmodel import Session, col, select

from app.core.sql import skip_locked, try_serialize_on
from app.models import Client
from app.models.integrations.webhook import (
    DeliveryStatus,
    EventType,
    WebhookAlarmState,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from app.services.access.principal import Principal, system_principal_unscoped
from app.services.access.scope import scoped_select
from app.services.insights import alarms
from app.services.insights.alarms import states as alarm_states
from app.services.insights.alarms.audience import may_see
from app.services.insights.alarms.base import Raised
from app.services.integrations import events
from app.services.integrations.webhooks.targets import delivery_problem
from app.settings import Settings

log = logging.getLogger("app.webhooks")
SessionFactory = Callable[[], Session]
# Seconds before the 2nd, 3rd, ... attempt; then every 4 hours until the retry window ends.
BACKOFF = (5, 30, 120, 600, 1800, 3600, 7200, 14400)
BATCH = 10
FAN_OUT_BATCH = 200  # events fanned out per pass
LOG_KEEP = 30  # attempts kept in a delivery's log
ALARM_LOCK_ID = 727_002


@dataclass(frozen=True)
class Job:
    """A claimed delivery with what it takes to send it, read in the claim's transaction."""

    delivery_id: uuid.UUID
    subscription_id: uuid.UUID
    target_url: str
    secrets: tuple[str, ...]
    message_id: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed with the secret's bytes."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt."""
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


def dispatch_once(session_factory: SessionFactory, settings: Settings, http: httpx.Client, *,
                  now: datetime | None = None, limit: int = BATCH) -> int:
    """Claim up to `limit` due deliveries, send each and record the outcome; how many were
    attempted. Once a subscription fails in this pass, its other claimed deliveries wait
    behind it (their claims are released) until its next try."""
    now = now or settings.clock.now()
    fan_out_pending(session_factory)
    jobs = claim(session_factory, settings, now=now, limit=limit)
    waiting: set[uuid.UUID] = set()
    attempted = 0
    for job in jobs:
        if job.subscription_id in waiting:
            _release(session_factory, job)
            continue
        attempted += 1
        if not record(session_factory, settings, job, send(http, settings, job), now=now):
            waiting.add(job.subscription_id)
    return attempted


def fan_out_pending(session_factory: SessionFactory, *, limit: int = FAN_OUT_BATCH) -> int:
    """Fan the events written since the last pass out to their subscribers (up to `limit`,
    oldest first); how many were. Another dispatcher skips the events this one holds."""
    waiting = (select(WebhookEvent).where(col(WebhookEvent.fanned_out_at).is_(None))
               .order_by(WebhookEvent.occurred_at, WebhookEvent.id).limit(limit))
    with session_factory() as session:  # a read first: an idle poll takes no write lock
        session.connection(execution_options={"read_only": True})
        if session.exec(waiting.with_only_columns(WebhookEvent.id)).first() is None:
            return 0
    with session_factory() as session:
        pending = list(session.exec(skip_locked(waiting, session)).all())
        events.fan_out(session, pending)
        session.commit()
    return len(pending)


def claim(session_factory: SessionFactory, settings: Settings, *, now: datetime,
          limit: int = BATCH) -> list[Job]:
    """Lease due deliveries to this dispatcher for long enough to send them all. A failing
    subscription gets one attempt in flight (its oldest due delivery), and only once its
    back-off has passed; a disabled one keeps its deliveries pending until re-enabled."""
    lease = timedelta(seconds=limit * (settings.webhooks_timeout_seconds + 5) + 60)
    due = (select(WebhookDelivery)
           .join(WebhookSubscription,
                 WebhookSubscription.id == WebhookDelivery.subscription_id)
           .where(WebhookDelivery.status == DeliveryStatus.pending,
                  WebhookDelivery.next_attempt_at <= now,
                  or_(WebhookDelivery.claimed_until.is_(None),
                      WebhookDelivery.claimed_until < now),
                  WebhookSubscription.is_active,
                  or_(WebhookSubscription.retry_at.is_(None),
                      WebhookSubscription.retry_at <= now))
           .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit))
    with session_factory() as session:  # a read first: an idle poll takes no write lock
        session.connection(execution_options={"read_only": True})
        if session.exec(due.with_only_columns(WebhookDelivery.id)).first() is None:
            return []
    with session_factory() as session:
        rows = session.exec(skip_locked(due, session, of=WebhookDelivery)).all()
        jobs, probing = [], set()
        for delivery in rows:
            subscription = session.get(WebhookSubscription, delivery.subscription_id)
            event = session.get(WebhookEvent, delivery.event_id)
            if subscription is None or not events.still_receives(session, subscription, event):
                delivery.status, delivery.next_attempt_at = DeliveryStatus.dropped, None
                continue
            if subscription.failing_since is not None:  # one attempt in flight while failing
                if subscription.id in probing:
                    continue
                probing.add(subscription.id)
                subscription.retry_at = now + lease  # no other dispatcher tries it meanwhile
            delivery.claimed_until = now + lease
            jobs.append(Job(delivery.id, subscription.id, subscription.target_url,
                            signing_secrets(subscription, now), str(event.id),
                            json.dumps(event.payload, separators=(",", ":")).encode()))
        session.commit()
    return jobs


def _release(session_factory: SessionFactory, job: Job) -> None:
    """Give a claimed delivery back unsent: it waits behind its subscription's next try."""
    with session_factory() as session:
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == job.delivery_id)
                        .values(claimed_until=None))
        session.commit()


def signing_secrets(subscription: WebhookSubscription, now: datetime) -> tuple[str, ...]:
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires is not None and expires > now:
        return subscription.secret, subscription.previous_secret
    return (subscription.secret,)


def send(http: httpx.Client, settings: Settings, job: Job) -> Outcome:
    """One signed POST; redirects are not followed, and a target that resolves to an inside
    address is not contacted at all."""
    problem, pinned = delivery_problem(job.target_url, settings)
    if problem:
        return Outcome(None, f"refused: {problem}", 0)
    timestamp = int(settings.clock.now().timestamp())
    headers = {"content-type": "application/json", "user-agent": "fractional-sales-webhooks/1",
               "webhook-id": job.message_id, "webhook-timestamp": str(timestamp),
               "webhook-signature": " ".join(sign(s, job.message_id, timestamp, job.body)
                                             for s in job.secrets)}
    started = time.monotonic()
    try:
        # To the address that was checked, not to a second lookup of the name (which could
        # answer an inside address by then); TLS still verifies the name.
        url, extensions = job.target_url, {}
        if pinned is not None:
            url, headers["host"] = pinned.url, pinned.host_header
            extensions = {"sni_hostname": pinned.hostname}
        response = http.post(url, content=job.body, headers=headers, extensions=extensions,
                             timeout=settings.webhooks_timeout_seconds, follow_redirects=False)
    except httpx.HTTPError as exc:
        return Outcome(None, f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__,
                       _ms(started))
    code = response.status_code
    error = None
    if response.is_redirect or 300 <= code < 400:
        error = f"HTTP {code}: redirects are not followed"
    elif not 200 <= code < 300:
        error = f"HTTP {code}"
    return Outcome(code, error, _ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def record(session_factory: SessionFactory, settings: Settings, job: Job, outcome: Outcome, *,
           now: datetime) -> bool:
    """Store the attempt; schedule the retry, or settle the delivery and the subscription.
    Whether the subscription may go on sending in this pass (it did not fail)."""
    with session_factory() as session:
        delivery = session.get(WebhookDelivery, job.delivery_id, with_for_update=True)
        subscription = session.get(WebhookSubscription, job.subscription_id,
                                   with_for_update=True)
        if delivery is None or subscription is None:  # unsubscribed meanwhile
            session.commit()
            return False
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
        delivery.last_duration_ms, delivery.claimed_until = outcome.duration_ms, None
        delivery.log = [*delivery.log, {"at": now.isoformat(), "status_code": outcome.status_code,
                                        "error": outcome.error,
                                        "duration_ms": outcome.duration_ms}][-LOG_KEEP:]
        delivery.updated_at = now
        if outcome.ok:
            delivery.status, delivery.delivered_at = DeliveryStatus.delivered, now
            delivery.next_attempt_at = None
            subscription.consecutive_failures, subscription.failing_since = 0, None
            subscription.retry_at = None
        elif outcome.status_code == 410:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.dropped, None
            _disable(session, subscription, "The receiver answered 410 Gone: unsubscribed.",
                     now, drop_pending=True)
        else:
            _failed(settings, delivery, subscription, now)
        session.commit()
        return outcome.ok


def _failed(settings: Settings, delivery: WebhookDelivery, subscription: WebhookSubscription,
            now: datetime) -> None:
    """A failed attempt: the subscription backs off (its deliveries wait behind it), the
    delivery is tried again after it, or fails for good past its retry window; the
    subscription is disabled only once it has failed for the whole window."""
    window = timedelta(hours=settings.webhooks_retry_hours)
    subscription.consecutive_failures += 1
    subscription.failing_since = subscription.failing_since or now
    subscription.retry_at = now + backoff(subscription.consecutive_failures)
    subscription.updated_at = now
    if now - subscription.failing_since >= window:  # down for the whole window
        delivery.next_attempt_at = subscription.retry_at  # kept for when it is enabled
        _disable(None, subscription, "Disabled after failing for "
                 f"{settings.webhooks_retry_hours:g} hours; its pending deliveries are kept "
                 "and sent once it is enabled again.", now)
        return
    started = max(delivery.created_at, subscription.resumed_at or delivery.created_at)
    if subscription.retry_at > started + window:  # this one fails while others get through
        delivery.status, delivery.next_attempt_at = DeliveryStatus.failed, None
    else:
        delivery.next_attempt_at = subscription.retry_at


def _disable(session: Session | None, subscription: WebhookSubscription, reason: str,
             now: datetime, *, drop_pending: bool = False) -> None:
    subscription.is_active, subscription.disabled_reason = False, reason
    subscription.updated_at = now
    if drop_pending and session is not None:  # the receiver said it is gone for good
        session.execute(update(WebhookDelivery).where(
            WebhookDelivery.subscription_id == subscription.id,
            WebhookDelivery.status == DeliveryStatus.pending,
        ).values(status=DeliveryStatus.dropped, next_attempt_at=None))
    log.warning("webhook %s disabled: %s", subscription.id, reason)


# --- alarms -----------------------------------------------------------------------------------

def check_alarms(session_factory: SessionFactory) -> tuple[int, int]:
    """Compare the current alarms of every client with the last known set: emit alarm.raised
    for the new, alarm.cleared for the gone; (raised, cleared). The events are recorded
    whether or not anyone subscribes (the events feed keeps them); a new subscriber hears of
    the changes from then on (the current set is `GET /alarms`)."""
    with session_factory() as session:  # read only: computing the alarms takes no write lock
        session.connection(execution_options={"read_only": True})
        clients, found = _current_alarms(session)
        current = {r.alarm.key: events.alarm_data(r.alarm) for r in found}
    with session_factory() as session:
        if not try_serialize_on(session, ALARM_LOCK_ID):
            session.rollback()
            return 0, 0  # another dispatcher is writing its check right now
        alarm_states.observe(session, clients, found, complete=True)  # when each was raised
        known = {s.key: s for s in session.exec(select(WebhookAlarmState)).all()}
        by_id = {c.id: c for c in clients}
        raised, cleared = current.keys() - known.keys(), known.keys() - current.keys()
        for key in sorted(raised):
            alarm = current[key]
            client_id = uuid.UUID(alarm["client_id"])
            rep_id = uuid.UUID(alarm["rep_id"]) if alarm["rep_id"] else None
            session.add(WebhookAlarmState(key=key, client_id=client_id, rep_id=rep_id,
                                          alarm=alarm))
            events.emit(session, EventType.alarm_raised, client_id=client_id, rep_id=rep_id,
                        data=alarm, audience=_readers(by_id.get(client_id), alarm["code"]))
        for key in sorted(cleared):
            state = known[key]
            events.emit(session, EventType.alarm_cleared, client_id=state.client_id,
                        rep_id=state.rep_id, data=state.alarm,
                        audience=_readers(by_id.get(state.client_id), state.alarm["code"]))
            session.delete(state)
        session.commit()
        return len(raised), len(cleared)


def _readers(client: Client | None, code: str) -> Callable[[Principal], bool]:
    """Who may receive an alarm event: the alarm's own readers (integrity alarms never reach
    the rep they concern, and reach the owner only where the client allows)."""
    return lambda principal: may_see(principal, client, code)


def _current_alarms(session: Session) -> tuple[list[Client], list[Raised]]:
    """Every active client, and every alarm it raises now."""
    principal = system_principal_unscoped(session)
    clients = list(session.exec(scoped_select(principal, Client)).all())
    found = alarms.clients_alarms(session, principal, clients)
    return clients, [r for _, raised in found.values() for r in raised]


def purge(session_factory: SessionFactory, settings: Settings, *,
          now: datetime | None = None) -> int:
    """Forget settled deliveries (and events left without any) older than
    WEBHOOKS_KEEP_DAYS; how many deliveries went."""
    cutoff = (now or settings.clock.now()) - timedelta(days=settings.webhooks_keep_days)
    with session_factory() as session:
        gone = session.execute(delete(WebhookDelivery).where(
            WebhookDelivery.status != DeliveryStatus.pending,
            WebhookDelivery.updated_at < cutoff)).rowcount
        session.execute(delete(WebhookEvent).where(
            WebhookEvent.occurred_at < cutoff, col(WebhookEvent.fanned_out_at).is_not(None),
            ~exists().where(WebhookDelivery.event_id == WebhookEvent.id)))
        session.commit()
    return gone
