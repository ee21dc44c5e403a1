"""What people did about alarms, kept per alarm key: acknowledged or snoozed (with who,
when, until and why), and when the alarm was first raised in its current streak. An
acknowledged or snoozed alarm counts for nothing until it gets worse."""

from datetime import date

from sqlalchemy import delete, update
from sqlmodel import Session

from app.core.clock import now_of
from app.core.sql import insert_missing
from app.models import Client
from app.models.insights.alarm import AlarmRead, AlarmState
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised


def states_of(session: Session, principal: Principal, raised: list[Raised]
              ) -> dict[str, AlarmState]:
    keys = [r.alarm.key for r in raised]
    if not keys:
        return {}
    return {s.key: s for s in session.exec(
        scoped_select(principal, AlarmState).where(AlarmState.key.in_(keys)))}


def muted(found: Raised, state: AlarmState | None, *, today: date) -> bool:
    """Acknowledged, or snoozed until a later day, and no worse than it was then."""
    if state is None:
        return False
    acked = state.acknowledged_at is not None and found.badness <= (state.severity_at_ack or 0)
    return acked or snoozed(found, state, today=today)


def snoozed(found: Raised, state: AlarmState | None, *, today: date) -> bool:
    """Snoozed until a later day, and no worse than it was then."""
    return (state is not None and state.snoozed_until is not None
            and state.snoozed_until >= today
            and found.badness <= (state.severity_at_snooze or 0))


def standing(raised: list[Raised], known: dict[str, AlarmState], *,
             today: date) -> list[Raised]:
    """The alarms that count: neither acknowledged nor snoozed (or worse since)."""
    return [r for r in raised if not muted(r, known.get(r.alarm.key), today=today)]


def with_state(alarm: AlarmRead, state: AlarmState | None) -> AlarmRead:
    if state is None:
        return alarm
    return alarm.model_copy(update={
        "raised_at": state.raised_at,
        "acknowledged_at": state.acknowledged_at, "acknowledged_by": state.acknowledged_by,
        "acknowledged_reason": state.acknowledged_reason,
        "snoozed_until": state.snoozed_until, "snoozed_at": state.snoozed_at,
        "snoozed_by": state.snoozed_by, "snoozed_reason": state.snoozed_reason})


def observe(session: Session, clients: list[Client], raised: list[Raised], *,
            complete: bool) -> None:
    """Note when each alarm was first raised in its current streak. With the complete set of
    the clients' alarms (a manager's or the dispatcher's view), an alarm no longer raised
    ends its streak: what was done about it is forgotten, and it starts afresh if it
    returns."""
    now, keys = now_of(session), [r.alarm.key for r in raised]
    insert_missing(session, AlarmState.__table__, [
        {"key": r.alarm.key, "client_id": r.alarm.client_id, "rep_id": r.alarm.rep_id,
         "code": r.alarm.code.value, "raised_at": now, "updated_at": now} for r in raised])
    if keys:
        session.execute(update(AlarmState).where(AlarmState.key.in_(keys),
                                                 AlarmState.raised_at.is_(None))
                        .values(raised_at=now))
    if complete and clients:
        session.execute(delete(AlarmState).where(
            AlarmState.client_id.in_([c.id for c in clients]), AlarmState.key.not_in(keys)))


def acknowledge(session: Session, found: Raised, principal: Principal,
                reason: str | None) -> AlarmState:
    state = _state(session, found)
    state.acknowledged_at, state.acknowledged_by = now_of(session), principal.user_id
    state.acknowledged_reason, state.severity_at_ack = reason, found.badness
    state.updated_at = state.acknowledged_at
    session.flush()
    return state


def snooze(session: Session, found: Raised, principal: Principal, *, until: date,
           reason: str | None) -> AlarmState:
    state = _state(session, found)
    state.snoozed_until, state.snoozed_by, state.snoozed_at = until, principal.user_id, now_of(
        session)
    state.severity_at_snooze, state.snoozed_reason = found.badness, reason
    state.updated_at = state.snoozed_at
    session.flush()
    return state


def _state(session: Session, found: Raised) -> AlarmState:
    state = session.get(AlarmState, found.alarm.key)
    if state is None:
        state = AlarmState(key=found.alarm.key, client_id=found.alarm.client_id,
                           rep_id=found.alarm.rep_id, code=found.alarm.code,
                           raised_at=now_of(session))
        session.add(state)
    return state

