"""Every alarm of a set of clients, computed in one set of grouped queries for all of them
(the dashboards, the deals the deal alarms look at, the integrity spans, the last meetings
and reviews), then each family's rule table applied client by client."""

import uuid
from datetime import date

from sqlmodel import Session

from app.core.clock import now_of, today_of
from app.core.sql import dialect_of
from app.models import Client, Rep
from app.models.enums import RepStatus
from app.models.insights.alarm import AlarmCode
from app.models.insights.kpis import ClientKpis
from app.services.access.principal import Principal
from app.services.access.rules import sees_whole_client
from app.services.access.scope import scoped_select
from app.services.assessments.review_schedule import overdue_review
from app.services.assessments.strategy_reviews import latest_reviews_on
from app.services.insights.alarms.activity import STREAK_WEEKS, activity_alarm, first_activity
from app.services.insights.alarms.audience import may_see
from app.services.insights.alarms.base import Raised, raise_alarm
from app.services.insights.alarms.cadence import cadence_alarm, last_meetings
from app.services.insights.alarms.calls import call_log, calls_alarms
from app.services.insights.alarms.client_level import client_alarms
from app.services.insights.alarms.deal_facts import deal_facts
from app.services.insights.alarms.deals import deal_alarms
from app.services.insights.alarms.hygiene import hygiene_alarms
from app.services.insights.alarms.improvement import roll_up, running_plans
from app.services.insights.alarms.integrity import (
    entry_times,
    explained_deals,
    late_entries_alarm,
    proposals_alarm,
    span_of,
)
from app.services.insights.alarms.owner import owner_alarm, owner_facts
from app.services.insights.dashboards import dashboards
from app.services.insights.engine.windows import window_for, windows_table
from app.services.insights.hygiene import hygiene_of


def clients_alarms(session: Session, principal: Principal, clients: list[Client], *,
                   as_of: date | None = None) -> dict[uuid.UUID, tuple[ClientKpis, list[Raised]]]:
    """Each client's dashboard and every alarm the caller may see of it (a rep: their own,
    never an integrity alarm; an owner: integrity alarms where the client allows)."""
    windows = [window_for(c, as_of or today_of(session, c.timezone), weeks=STREAK_WEEKS)
               for c in clients]
    if not windows:
        return {}
    table = windows_table(windows, dialect_of(session))
    boards = dashboards(session, principal, windows, table, with_cycles=False)
    reps: dict[uuid.UUID, dict[uuid.UUID, Rep]] = {}
    for rep in session.exec(scoped_select(principal, Rep).where(
            Rep.client_id.in_([c.id for c in clients]), Rep.archived_at.is_(None),
            Rep.status != RepStatus.exited)):
        reps.setdefault(rep.client_id, {})[rep.id] = rep
    facts = deal_facts(session, principal, windows, table)
    first_logged = first_activity(session, principal, clients)
    whole = sees_whole_client(principal)
    spans = {w.client.id: span_of(w.client, w) for w in windows} if whole else {}
    explained = explained_deals(session, principal, spans)
    entries = entry_times(session, principal, spans)
    reviews = latest_reviews_on(session, principal, table) if whole else {}
    now = now_of(session)
    calls = call_log(session, principal, windows, now)
    one_on_ones, meetings = last_meetings(session, principal, windows) if whole else ({}, {})
    plans = running_plans(session, principal, {w.client.id: w.as_of for w in windows})
    owners = (owner_facts(session, principal, [w.client for w in windows],
                          {w.client.id: w.as_of for w in windows}) if whole else {})
    out = {}
    for w in windows:
        client, board, active = w.client, boards[w.client.id], reps.get(w.client.id, {})
        raised: list[Raised] = []
        if whole:
            raised += client_alarms(client, board)
            raised += _review_overdue(client, w.as_of, reviews.get(client.id))
            raised += cadence_alarm(client, active, w, one_on_ones, meetings.get(client.id))
            raised += owner_alarm(client, owners[client.id])
        rows = {row.rep_id: row for row in board.reps}
        for rep_id, rep in active.items():
            if rep_id in rows:
                raised += activity_alarm(client, rep, rows[rep_id], first_logged.get(rep_id))
            if whole and rep_id in rows:
                span = spans[client.id]
                raised += proposals_alarm(client, rep, rows[rep_id], span,
                                          explained.get((client.id, rep_id), 0))
                raised += late_entries_alarm(client, rep, span,
                                             entries.get((client.id, rep_id), []))
        raised += deal_alarms(client, active, facts.get(client.id, []), w)
        raised += calls_alarms(client, active, w, calls.get(client.id), now)
        if whole and w.as_of == today_of(session, client.timezone):  # today's deals only
            raised += hygiene_alarms(client, active, hygiene_of(session, principal, client))
        raised = roll_up(client, active, raised, plans.get(client.id, {}))
        out[client.id] = (board, [r for r in raised if may_see(principal, client, r.alarm.code)])
    return out


def _review_overdue(client: Client, as_of: date, last: date | None) -> list[Raised]:
    overdue = overdue_review(client, as_of=as_of, last=last)
    if overdue is None:
        return []
    return [raise_alarm(AlarmCode.assessment_overdue, overdue.severity, client, None,
                        overdue.figures, overdue.message, overdue.badness)]
