"""Webhook events: each is written to the outbox (`webhook_events`) in the transaction of
the change it tells, with one delivery per subscription whose user may see the record
(`access.may_receive`), so a rolled-back change sends nothing. Real payloads and the samples
are built by the same functions."""

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from app.core.clock import now_of
from app.models import Activity, Candidate, Deal, User
from app.models.activity import ActivityRead
from app.models.alarm import AlarmRead
from app.models.candidate import CandidateRead
from app.models.deal import DealRead
from app.models.enums import Stage
from app.models.one_on_one import OneOnOneRead
from app.models.webhook import EventType, WebhookDelivery, WebhookEvent, WebhookSubscription
from app.services.access import Principal, Resource, may_receive, principal_for_user

E = EventType
RESOURCE_OF = {E.deal_created: Resource.deals, E.deal_updated: Resource.deals,
               E.deal_stage_changed: Resource.deals, E.deal_won: Resource.deals,
               E.deal_lost: Resource.deals, E.activity_logged: Resource.activities,
               E.one_on_one_created: Resource.one_on_ones,
               E.candidate_status_changed: Resource.candidates,
               E.alarm_raised: Resource.alarms, E.alarm_cleared: Resource.alarms}
# Bookkeeping that changes with every update; not a change worth telling on its own.
NOT_CHANGES = frozenset({"updated_at", "version"})
ALARM_FIELDS = {"key", "code", "severity", "client_id", "rep_id", "figures", "message"}


# --- payloads ---------------------------------------------------------------------------------

def build_payload(*, event_id: uuid.UUID, type: EventType, occurred_at: datetime,
                  client_id: uuid.UUID, data: dict[str, Any],
                  changed_fields: list[str] | None = None,
                  previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """`{id, type, occurred_at, client_id, data}`, plus `changed_fields` and `previous` for
    changes of an existing record."""
    payload = {"id": str(event_id), "type": type.value,
               "occurred_at": occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
               "client_id": str(client_id), "data": data}
    if changed_fields is not None:
        payload["changed_fields"] = changed_fields
        payload["previous"] = previous or {}
    return payload


def deal_data(deal: Deal | DealRead) -> dict[str, Any]:
    return DealRead.model_validate(deal, from_attributes=True).model_dump(mode="json")


def activity_data(activity: Activity | ActivityRead) -> dict[str, Any]:
    return ActivityRead.model_validate(activity, from_attributes=True).model_dump(mode="json")


def candidate_data(candidate: Candidate | CandidateRead) -> dict[str, Any]:
    return CandidateRead.model_validate(candidate, from_attributes=True).model_dump(mode="json")


def one_on_one_data(meeting: OneOnOneRead) -> dict[str, Any]:
    """The shared parts only: private notes never leave with a webhook."""
    return meeting.model_dump(mode="json", exclude={"private_notes"})


def alarm_data(alarm: AlarmRead) -> dict[str, Any]:
    return alarm.model_dump(mode="json", include=ALARM_FIELDS)


def changes_between(before: dict[str, Any],
                    after: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The fields that changed (as sent) and their previous values."""
    changed = [k for k in after if k not in NOT_CHANGES and after[k] != before.get(k)]
    return changed, {k: before.get(k) for k in changed}


# --- emitting ---------------------------------------------------------------------------------

def emit(session: Session, type: EventType, *, client_id: uuid.UUID, rep_id: uuid.UUID | None,
         data: dict[str, Any], changed_fields: list[str] | None = None,
         previous: dict[str, Any] | None = None) -> WebhookEvent | None:
    """Write the event and a pending delivery per subscriber who may see it; nothing when no
    subscription wants it. Never commits: it rides the caller's transaction."""
    recipients = _recipients(session, type, client_id=client_id, rep_id=rep_id)
    if not recipients:
        return None
    event = WebhookEvent(id=uuid.uuid4(), type=type.value, client_id=client_id, rep_id=rep_id,
                         occurred_at=now_of(session))
    event.payload = build_payload(event_id=event.id, type=type, occurred_at=event.occurred_at,
                                  client_id=client_id, data=data,
                                  changed_fields=changed_fields, previous=previous)
    session.add(event)
    session.flush()
    session.add_all([WebhookDelivery(subscription_id=s.id, event_id=event.id,
                                     next_attempt_at=event.occurred_at) for s in recipients])
    session.flush()
    return event


def deal_created(session: Session, deal: Deal) -> None:
    emit(session, E.deal_created, client_id=deal.client_id, rep_id=deal.rep_id,
         data=deal_data(deal))


def deal_changed(session: Session, deal: Deal, before: dict[str, Any]) -> None:
    """deal.updated for any change; also deal.stage_changed, and deal.won or deal.lost when
    the deal closed that way. `before` is `deal_data` of the deal before the change."""
    after = deal_data(deal)
    changed, previous = changes_between(before, after)
    if not changed:
        return
    types = [E.deal_updated]
    if "stage" in changed:
        types.append(E.deal_stage_changed)
        types += {Stage.closed_won: [E.deal_won],
                  Stage.closed_lost: [E.deal_lost]}.get(Stage(deal.stage), [])
    for type in types:
        emit(session, type, client_id=deal.client_id, rep_id=deal.rep_id, data=after,
             changed_fields=changed, previous=previous)


def activity_logged(session: Session, activity: Activity) -> None:
    emit(session, E.activity_logged, client_id=activity.client_id, rep_id=activity.rep_id,
         data=activity_data(activity))


def one_on_one_created(session: Session, meeting: OneOnOneRead) -> None:
    emit(session, E.one_on_one_created, client_id=meeting.client_id, rep_id=meeting.rep_id,
         data=one_on_one_data(meeting))


def candidate_status_changed(session: Session, candidate: Candidate,
                             before: dict[str, Any]) -> None:
    """When the status moved: the candidate, every field changed with it and their values
    before (hiring never reaches reps: access.may_receive)."""
    after = candidate_data(candidate)
    changed, previous = changes_between(before, after)
    if "status" in changed:
        emit(session, E.candidate_status_changed, client_id=candidate.client_id, rep_id=None,
             data=after, changed_fields=changed, previous=previous)


def _recipients(session: Session, type: EventType, *, client_id: uuid.UUID,
                rep_id: uuid.UUID | None) -> list[WebhookSubscription]:
    wanted = [s for s in session.exec(select(WebhookSubscription).where(
        WebhookSubscription.is_active)).all() if type.value in s.events]
    if not wanted:
        return []
    users = {u.id: u for u in session.exec(select(User).where(
        User.id.in_({s.user_id for s in wanted}), User.is_active)).all()}
    principals: dict[uuid.UUID, Principal] = {}
    out = []
    for subscription in wanted:
        user = users.get(subscription.user_id)
        if user is None:
            continue
        if user.id not in principals:
            principals[user.id] = principal_for_user(session, user)
        if may_receive(principals[user.id], RESOURCE_OF[type], client_id=client_id,
                       rep_id=rep_id):
            out.append(subscription)
    return out


def still_receives(session: Session, subscription: WebhookSubscription,
                   event: WebhookEvent) -> bool:
    """At delivery time: is the subscriber still an active user who may see this event (a
    login deactivated, a manager taken off the client, a role changed since it was queued)?"""
    user = session.get(User, subscription.user_id)
    if user is None or not user.is_active:
        return False
    return may_receive(principal_for_user(session, user), RESOURCE_OF[EventType(event.type)],
                       client_id=event.client_id, rep_id=event.rep_id)


# --- samples ----------------------------------------------------------------------------------

SAMPLE_EVENT_ID = uuid.UUID("1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9")
SAMPLE_AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _example(model: type[BaseModel]) -> dict[str, Any]:
    return dict(model.model_config["json_schema_extra"]["examples"][0])


def sample_payload(type: EventType) -> dict[str, Any]:
    """A payload of this type with exactly the shape of a real one, from the schema examples."""
    deal = _example(DealRead)
    won = {"stage": "closed_won", "forecast_category": "closed", "closed_on": "2026-11-23"}
    lost = {"stage": "closed_lost", "forecast_category": "closed", "closed_on": "2026-11-23",
            "lost_reason": "price_terms"}
    open_before = {"stage": "negotiation", "forecast_category": "commit", "closed_on": None}
    samples: dict[EventType, tuple[dict, dict | None]] = {
        E.deal_created: (deal_data(DealRead.model_validate(deal)), None),
        E.deal_updated: (deal_data(DealRead.model_validate(deal)), {"amount": "40000.00"}),
        E.deal_stage_changed: (deal_data(DealRead.model_validate(deal)),
                               {"stage": "discovery", "proposal_sent_on": None}),
        E.deal_won: (deal_data(DealRead.model_validate(deal | won)), open_before),
        E.deal_lost: (deal_data(DealRead.model_validate(deal | lost)),
                      open_before | {"lost_reason": None}),
        E.activity_logged: (activity_data(ActivityRead.model_validate(_example(ActivityRead))),
                            None),
        E.one_on_one_created: (one_on_one_data(
            OneOnOneRead.model_validate(_example(OneOnOneRead))), None),
        E.candidate_status_changed: (candidate_data(
            CandidateRead.model_validate(_example(CandidateRead))), {"status": "screening"}),
        E.alarm_raised: (alarm_data(AlarmRead.model_validate(_example(AlarmRead))), None),
        E.alarm_cleared: (alarm_data(AlarmRead.model_validate(_example(AlarmRead))), None),
    }
    data, previous = samples[type]
    example = _example(AlarmRead) if type in (E.alarm_raised, E.alarm_cleared) else data
    return build_payload(event_id=SAMPLE_EVENT_ID, type=type, occurred_at=SAMPLE_AT,
                         client_id=example["client_id"], data=data,
                         changed_fields=None if previous is None else list(previous),
                         previous=previous)
