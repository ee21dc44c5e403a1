"""Webhook events: each is written to the outbox (`webhook_events`) in the transaction of
the change it tells, with one delivery per subscription whose user may see the record
(`access.may_receive`), so a rolled-back change sends nothing. Real payloads and the samples
are built by the same functions."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from app.core.changes import PRIVATE_FIELDS, Change, as_read, take_recorded
from app.core.clock import now_of
from app.models.coaching.decision_request import DecisionRequestRead
from app.models.coaching.one_on_one import OneOnOneRead
from app.models.coaching.owner_meeting import OwnerMeetingRead
from app.models.enums import Stage
from app.models.hiring.candidate import CandidateRead
from app.models.insights.alarm import AlarmRead
from app.models.insights.forecast_call import ForecastCallRead
from app.models.integrations.webhook import (
    EventType,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from app.models.pipeline.activity import ActivityRead
from app.models.pipeline.deal import DealRead
from app.models.pipeline.import_job import ImportJobRead
from app.models.reporting.report import ReportSummary
from app.services.access.policy import Resource
from app.services.access.principal import Principal, active_principal
from app.services.access.rules import may_receive

E = EventType
RESOURCE_OF = {E.deal_created: Resource.deals, E.deal_updated: Resource.deals,
               E.deal_stage_changed: Resource.deals, E.deal_won: Resource.deals,
               E.deal_lost: Resource.deals, E.activity_logged: Resource.activities,
               E.one_on_one_created: Resource.one_on_ones,
               E.candidate_status_changed: Resource.candidates,
               E.alarm_raised: Resource.alarms, E.alarm_cleared: Resource.alarms,
               E.forecast_submitted: Resource.forecast_calls, E.import_finished: Resource.imports,
               E.report_published: Resource.reports,
               E.owner_meeting_created: Resource.owner_meetings,
               E.decision_requested: Resource.decision_requests,
               E.decision_answered: Resource.decision_requests}
ALARM_FIELDS = {"key", "code", "severity", "client_id", "rep_id", "figures", "message"}


# --- payloads ---------------------------------------------------------------------------------

def build_payload(*, event_id: uuid.UUID, type: EventType, occurred_at: datetime,
                  client_id: uuid.UUID, data: dict[str, Any],
                  changed_fields: list[str] | None = None,
                  previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """`{id, type, occurred_at, client_id, data}`, plus `changed_fields` and `previous` for
    changes of an existing record. Private notes never leave with a payload."""
    data = {k: v for k, v in data.items() if k not in PRIVATE_FIELDS}
    payload = {"id": str(event_id), "type": type.value,
               "occurred_at": occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
               "client_id": str(client_id), "data": data}
    if changed_fields is not None:
        payload["changed_fields"] = changed_fields
        payload["previous"] = previous or {}
    return payload


def alarm_data(alarm: AlarmRead) -> dict[str, Any]:
    return alarm.model_dump(mode="json", include=ALARM_FIELDS)


# --- from recorded changes to events ----------------------------------------------------------

def event_types(change: Change) -> list[EventType]:
    """What a recorded change tells subscribers: a new deal, activity, one-on-one; a deal
    updated (also stage changed, and won or lost when it closed that way); a candidate whose
    status moved."""
    if change.before is None:
        return {"deal": [E.deal_created], "activity": [E.activity_logged],
                "one_on_one": [E.one_on_one_created],
                "forecast_call": [E.forecast_submitted],
                "import_job": [E.import_finished],
                "report": [E.report_published],
                "owner_meeting": [E.owner_meeting_created],
                "decision_request": [E.decision_requested]}.get(change.entity, [])
    changed = {c.field for c in change.fields}
    if change.entity == "candidate":
        return [E.candidate_status_changed] if "status" in changed else []
    if change.entity == "decision_request":
        return [E.decision_answered] if "choice" in changed else []
    if change.entity != "deal" or not changed:
        return []
    types = [E.deal_updated]
    if "stage" in changed:
        types.append(E.deal_stage_changed)
        types += {Stage.closed_won.value: [E.deal_won],
                  Stage.closed_lost.value: [E.deal_lost]}.get(change.after["stage"], [])
    return types


def publish_recorded(session: Session) -> None:
    """`before_commit` hook: the changes the unit of work recorded become events in the
    outbox, in the same transaction (so a rolled-back change sends nothing); the dispatcher
    fans them out to their subscribers (`fan_out`), so a write reads no subscriptions."""
    recorded = take_recorded(session)
    if not recorded:
        return
    for change in recorded:
        fields = change.fields if change.before is not None else None
        for type in event_types(change):
            emit(session, type, client_id=change.client_id, rep_id=change.rep_id,
                 data=change.after,
                 changed_fields=None if fields is None else [c.field for c in fields],
                 previous=None if fields is None else {c.field: c.old for c in fields})


def emit(session: Session, type: EventType, *, client_id: uuid.UUID, rep_id: uuid.UUID | None,
         data: dict[str, Any], changed_fields: list[str] | None = None,
         previous: dict[str, Any] | None = None,
         audience: Callable[[Principal], bool] | None = None) -> WebhookEvent:
    """Write the event (the events feed keeps every one, subscribed or not); the dispatcher
    fans it out later. An event whose record has narrower readers than its resource
    (`audience`, e.g. an alarm about the manager's own work) is fanned out here, since the
    rule is not stored with it. Never commits: it rides the caller's transaction."""
    event = WebhookEvent(id=uuid.uuid4(), type=type.value, client_id=client_id, rep_id=rep_id,
                         occurred_at=now_of(session))
    event.payload = build_payload(event_id=event.id, type=type, occurred_at=event.occurred_at,
                                  client_id=client_id, data=data,
                                  changed_fields=changed_fields, previous=previous)
    session.add(event)  # flushed with the unit of work (one INSERT for a change's events)
    if audience is not None:
        _deliver(session, event, _Recipients(session), audience)
    return event


def fan_out(session: Session, events: list[WebhookEvent]) -> int:
    """A pending delivery of each event per subscription that wants its type and whose user
    may see the record, the subscriptions and their users read once for all the events;
    how many deliveries. A subscription made after an event does not receive it."""
    recipients = _Recipients(session)
    return sum(_deliver(session, event, recipients) for event in events)


def _deliver(session: Session, event: WebhookEvent, recipients: "_Recipients",
             audience: Callable[[Principal], bool] | None = None) -> int:
    wanted = [s for s in recipients.of(EventType(event.type), client_id=event.client_id,
                                       rep_id=event.rep_id, audience=audience)
              if s.created_at <= event.occurred_at]
    event.fanned_out_at = now_of(session)
    session.flush()  # the deliveries refer to it
    session.add_all([WebhookDelivery(subscription_id=s.id, event_id=event.id,
                                     next_attempt_at=event.occurred_at) for s in wanted])
    session.flush()
    return len(wanted)


class _Recipients:
    """The active subscriptions and their users' scopes, read once for a batch of events."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._subscriptions: list[WebhookSubscription] | None = None
        self._principals: dict[uuid.UUID, Principal | None] = {}

    def of(self, type: EventType, *, client_id: uuid.UUID, rep_id: uuid.UUID | None,
           audience: Callable[[Principal], bool] | None = None) -> list[WebhookSubscription]:
        """The subscriptions to this type whose user may see the record."""
        if self._subscriptions is None:
            self._subscriptions = list(self.session.exec(select(WebhookSubscription).where(
                WebhookSubscription.is_active)).all())
        wanted = [s for s in self._subscriptions if type.value in s.events
                  and s.client_id in (None, client_id)]
        return [s for s in wanted
                if (principal := self._principal(s.user_id)) is not None
                and may_receive(principal, RESOURCE_OF[type], client_id=client_id,
                                rep_id=rep_id)
                and (audience is None or audience(principal))]

    def _principal(self, user_id: uuid.UUID) -> Principal | None:
        if user_id not in self._principals:
            self._principals[user_id] = active_principal(self.session, user_id)
        return self._principals[user_id]


def still_receives(session: Session, subscription: WebhookSubscription,
                   event: WebhookEvent) -> bool:
    """At delivery time: is the subscriber still an active user who may see this event (a
    login deactivated, a manager taken off the client, a role changed since it was queued)?"""
    principal = active_principal(session, subscription.user_id)
    if principal is None:
        return False
    return may_receive(principal, RESOURCE_OF[EventType(event.type)],
                       client_id=event.client_id, rep_id=event.rep_id)


# --- samples ----------------------------------------------------------------------------------

SAMPLE_EVENT_ID = uuid.UUID("1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9")
SAMPLE_AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _example(model: type[BaseModel]) -> dict[str, Any]:
    return dict(model.model_config["json_schema_extra"]["examples"][0])


def _sample(model: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """A record as a real event carries it: its API read, from the example's values."""
    return as_read(model.model_validate(values), model)


def sample_payload(type: EventType) -> dict[str, Any]:
    """A payload of this type with exactly the shape of a real one, from the schema examples."""
    deal = _example(DealRead)
    won = {"stage": "closed_won", "forecast_category": "closed", "closed_on": "2026-11-23"}
    lost = {"stage": "closed_lost", "forecast_category": "closed", "closed_on": "2026-11-23",
            "lost_reason": "price_terms"}
    open_before = {"stage": "negotiation", "forecast_category": "commit", "closed_on": None}
    alarm = alarm_data(AlarmRead.model_validate(_example(AlarmRead)))
    samples: dict[EventType, tuple[dict, dict | None]] = {
        E.deal_created: (_sample(DealRead, deal), None),
        E.deal_updated: (_sample(DealRead, deal), {"amount": "40000.00"}),
        E.deal_stage_changed: (_sample(DealRead, deal),
                               {"stage": "discovery", "proposal_sent_on": None}),
        E.deal_won: (_sample(DealRead, deal | won), open_before),
        E.deal_lost: (_sample(DealRead, deal | lost), open_before | {"lost_reason": None}),
        E.activity_logged: (_sample(ActivityRead, _example(ActivityRead)), None),
        E.one_on_one_created: (_sample(OneOnOneRead, _example(OneOnOneRead)), None),
        E.candidate_status_changed: (_sample(CandidateRead, _example(CandidateRead)),
                                     {"status": "screening"}),
        E.alarm_raised: (alarm, None),
        E.alarm_cleared: (alarm, None),
        E.forecast_submitted: (_sample(ForecastCallRead, _example(ForecastCallRead)), None),
        E.import_finished: (_sample(ImportJobRead, _example(ImportJobRead)
                                    | {"status": "succeeded", "progress": 100.0}), None),
        E.report_published: (_sample(ReportSummary, _example(ReportSummary)), None),
        E.owner_meeting_created: (_sample(OwnerMeetingRead, _example(OwnerMeetingRead)), None),
        E.decision_requested: (_sample(DecisionRequestRead, _example(DecisionRequestRead)),
                               None),
        E.decision_answered: (_sample(DecisionRequestRead, _example(DecisionRequestRead)
                                      | {"choice": "Hire in Q1"}),
                              {"choice": None, "answered_at": None, "answered_by": None}),
    }
    data, previous = samples[type]
    example = _example(AlarmRead) if type in (E.alarm_raised, E.alarm_cleared) else data
    return build_payload(event_id=SAMPLE_EVENT_ID, type=type, occurred_at=SAMPLE_AT,
                         client_id=example["client_id"], data=data,
                         changed_fields=None if previous is None else list(previous),
                         previous=previous)
