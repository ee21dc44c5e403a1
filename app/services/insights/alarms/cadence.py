"""The manager's own alarm: coaching cadence. A one-on-one with every active rep within the
client's days (14), and a sales meeting within its days (10)."""

import uuid
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col

from app.models import Client, OneOnOne, Rep, SalesMeeting
from app.models.insights.alarm import AlarmCode, Severity
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised, raise_alarm
from app.services.insights.engine.windows import Window


def last_meetings(session: Session, principal: Principal, windows: list[Window]
                  ) -> tuple[dict[uuid.UUID, date], dict[uuid.UUID, date]]:
    """The last one-on-one of each rep and the last sales meeting of each client held by the
    latest `as_of` (archived ones don't count); two grouped queries."""
    clients = [w.client.id for w in windows]
    until = max(w.as_of for w in windows)
    by_rep = dict(session.execute(
        scoped_select(principal, OneOnOne)
        .with_only_columns(OneOnOne.rep_id, func.max(OneOnOne.held_on))
        .where(col(OneOnOne.client_id).in_(clients), col(OneOnOne.archived_at).is_(None),
               OneOnOne.held_on <= until)
        .group_by(OneOnOne.rep_id)).all())
    by_client = dict(session.execute(
        scoped_select(principal, SalesMeeting)
        .with_only_columns(SalesMeeting.client_id, func.max(SalesMeeting.held_on))
        .where(col(SalesMeeting.client_id).in_(clients), col(SalesMeeting.archived_at).is_(None),
               SalesMeeting.held_on <= until)
        .group_by(SalesMeeting.client_id)).all())
    return by_rep, by_client


def cadence_alarm(client: Client, reps: dict[uuid.UUID, Rep], w: Window,
                  one_on_ones: dict[uuid.UUID, date], meeting: date | None) -> list[Raised]:
    """Reps without a one-on-one for N days (counted from their last one, else from their
    hire or the engagement's start), and the client without a sales meeting for M days."""
    rules, as_of = client.rules, w.as_of
    started = client.engagement_started_on
    missed = []
    for rep in sorted(reps.values(), key=lambda r: r.full_name):
        last = one_on_ones.get(rep.id)
        since = last or max((d for d in (rep.hire_date, started) if d is not None),
                            default=as_of)
        if last is not None and last > as_of:
            continue
        days = (as_of - since).days
        if days > rules.one_on_one_every_days:
            missed.append({"rep_id": str(rep.id), "name": rep.full_name,
                           "last_one_on_one": last and str(last), "days": days})
    since_meeting = meeting if meeting is not None and meeting <= as_of else None
    meeting_days = (as_of - (since_meeting or started or as_of)).days
    no_meeting = meeting_days > rules.sales_meeting_every_days and bool(reps)
    if not missed and not no_meeting:
        return []
    parts = []
    if missed:
        parts.append(f"no one-on-one for {rules.one_on_one_every_days}+ days with "
                     + ", ".join(m["name"] for m in missed[:6]))
    if no_meeting:
        parts.append(f"no sales meeting for {meeting_days} days")
    return [raise_alarm(
        AlarmCode.coaching_cadence_missed, Severity.warning, client, None,
        {"reps_without_one_on_one": missed, "last_sales_meeting": since_meeting and
         str(since_meeting), "days_since_sales_meeting": meeting_days,
         "one_on_one_every_days": rules.one_on_one_every_days,
         "sales_meeting_every_days": rules.sales_meeting_every_days},
        "Keep the coaching rhythm: " + "; ".join(parts) + ".",
        float(len(missed) + (1 if no_meeting else 0)))]

