"""Alarms (DOMAIN.md, "Leading indicators" and "Integrity"): sound the alarm while sales are
still up. Each names the indicator, its figures, the client or rep, and the course correction.
Acknowledgements and snoozes are kept per alarm key; a snoozed alarm that gets worse returns."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.clock import now_of, today_of
from app.core.sql import dialect_of
from app.errors import NotFound
from app.models import Client, Deal, DealChange, Rep
from app.models.enums import RepStatus
from app.models.insights.alarm import AlarmCode, AlarmRead, AlarmState, Severity
from app.models.insights.kpis import ClientKpis, RepKpis
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.rules import sees_whole_client
from app.services.access.scope import scoped_select
from app.services.assessments.review_schedule import overdue_review
from app.services.assessments.strategy_reviews import latest_reviews_on
from app.services.insights.dashboards import dashboards
from app.services.insights.engine.deal_state import deal_states
from app.services.insights.engine.windows import SLIP_WINDOW_DAYS, Window, window_for, windows_table

KIND_NAMES = {"calls_meetings": "calls/meetings", "proposals": "proposals",
              "prospecting_hours": "prospecting hours"}


@dataclass
class Raised:
    """An alarm as computed, with how bad it is (to tell when a snoozed one got worse)."""

    alarm: AlarmRead
    badness: float


def alarm_key(code: AlarmCode, client_id: uuid.UUID, rep_id: uuid.UUID | None) -> str:
    """Stable for the same code and subject."""
    return hashlib.sha256(f"{code}|{client_id}|{rep_id or ''}".encode()).hexdigest()[:16]


def list_alarms(session: Session, principal: Principal, *, client_id: uuid.UUID | None = None,
                rep_id: uuid.UUID | None = None, as_of: date | None = None,
                include_snoozed: bool = False) -> list[AlarmRead]:
    """The current alarms the caller may see (a rep: their own), worst first."""
    authorize(principal, Resource.alarms, Action.list)
    raised = []
    clients = _clients(session, principal, client_id)
    for _, found in clients_alarms(session, principal, clients, as_of=as_of).values():
        raised += found
    shown = _with_states(session, principal, raised, include_snoozed=include_snoozed)
    if rep_id is not None:
        shown = [a for a in shown if a.rep_id == rep_id]
    return sorted(shown, key=lambda a: (a.severity != Severity.critical, a.code, a.key))


def clients_alarms(session: Session, principal: Principal, clients: list[Client], *,
                   as_of: date | None = None) -> dict[uuid.UUID, tuple[ClientKpis, list[Raised]]]:
    """Each client's dashboard and every alarm it raises (a rep: only their own alarms), in
    one set of grouped queries for all the clients."""
    windows = [window_for(client, as_of or today_of(session, client.timezone))
               for client in clients]
    if not windows:
        return {}
    table = windows_table(windows, dialect_of(session))
    boards = dashboards(session, principal, windows, table, with_cycles=False)
    reps: dict[uuid.UUID, dict[uuid.UUID, Rep]] = {}
    for rep in session.exec(scoped_select(principal, Rep).where(
            Rep.client_id.in_([c.id for c in clients]), Rep.archived_at.is_(None),
            Rep.status != RepStatus.exited)):
        reps.setdefault(rep.client_id, {})[rep.id] = rep
    slipping = _commit_slips(session, principal, windows, table)
    moved = _moved_to_proposal(session, principal, windows, table)
    whole = sees_whole_client(principal)
    reviews = latest_reviews_on(session, principal, table) if whole else {}
    out = {}
    for w in windows:
        client, board, active = w.client, boards[w.client.id], reps.get(w.client.id, {})
        raised: list[Raised] = []
        if whole:
            raised += _client_level(client, board)
            raised += _review_overdue(client, w.as_of, reviews.get(client.id))
        for row in board.reps:
            if row.rep_id in active:
                raised += _activity_alarm(client, row, hired_on=active[row.rep_id].hire_date)
        raised += _commit_slipping(client, active, slipping)
        raised += _numbers_dont_add_up(client, board, active, moved)
        out[client.id] = (board, raised)
    return out


def acknowledge(session: Session, principal: Principal, key: str) -> AlarmRead:
    """Mark an alarm seen, with who and when (managers)."""
    authorize(principal, Resource.alarms, Action.update)
    found = _find(session, principal, key)
    state = _state(session, found)
    state.acknowledged_at, state.acknowledged_by = now_of(session), principal.user_id
    state.updated_at = state.acknowledged_at
    session.flush()
    return _apply(found.alarm, state)


def snooze(session: Session, principal: Principal, key: str, *, until: date) -> AlarmRead:
    """Hide an alarm until a date, unless it gets worse first (managers)."""
    authorize(principal, Resource.alarms, Action.update)
    found = _find(session, principal, key)
    state = _state(session, found)
    state.snoozed_until, state.snoozed_by, state.snoozed_at = until, principal.user_id, now_of(
        session)
    state.severity_at_snooze, state.updated_at = found.badness, state.snoozed_at
    session.flush()
    return _apply(found.alarm, state)


def _clients(session: Session, principal: Principal, client_id: uuid.UUID | None):
    stmt = scoped_select(principal, Client)
    if sees_whole_client(principal):  # a rep's own alarms follow them even if archived
        stmt = stmt.where(Client.archived_at.is_(None))
    if client_id is not None:
        stmt = stmt.where(Client.id == client_id)
    return session.exec(stmt.order_by(Client.name)).all()


def _find(session: Session, principal: Principal, key: str) -> Raised:
    for _, raised in clients_alarms(session, principal,
                                    _clients(session, principal, None)).values():
        for found in raised:
            if found.alarm.key == key:
                return found
    raise NotFound(f"No current alarm with key {key}.")


def _state(session: Session, found: Raised) -> AlarmState:
    state = session.get(AlarmState, found.alarm.key)
    if state is None:
        state = AlarmState(key=found.alarm.key, client_id=found.alarm.client_id,
                           code=found.alarm.code)
        session.add(state)
    return state


def _with_states(session: Session, principal: Principal, raised: list[Raised], *,
                 include_snoozed: bool) -> list[AlarmRead]:
    keys = [r.alarm.key for r in raised]
    states = {s.key: s for s in session.exec(
        scoped_select(principal, AlarmState).where(AlarmState.key.in_(keys)))} if keys else {}
    shown = []
    for found in raised:
        state = states.get(found.alarm.key)
        alarm = _apply(found.alarm, state)
        snoozed = (state is not None and state.snoozed_until is not None
                   and state.snoozed_until >= today_of(session)
                   and found.badness <= (state.severity_at_snooze or 0))
        if include_snoozed or not snoozed:
            shown.append(alarm)
    return shown


def _apply(alarm: AlarmRead, state: AlarmState | None) -> AlarmRead:
    if state is None:
        return alarm
    return alarm.model_copy(update={"acknowledged_at": state.acknowledged_at,
                                    "acknowledged_by": state.acknowledged_by,
                                    "snoozed_until": state.snoozed_until})


def _raise(code: AlarmCode, severity: Severity, client: Client, rep_id: uuid.UUID | None,
           figures: dict[str, Any], message: str, badness: float) -> Raised:
    return Raised(AlarmRead(key=alarm_key(code, client.id, rep_id), code=code,
                            severity=severity, client_id=client.id, rep_id=rep_id,
                            figures=figures, message=message), badness)


def _client_level(client: Client, board: ClientKpis) -> list[Raised]:
    out = []
    for code, actual, floor, amount, fix in (
        (AlarmCode.pipeline_coverage_low, board.pipeline_coverage,
         board.pipeline_coverage_floor, board.open_pipeline, "Prospect more"),
        (AlarmCode.near_term_coverage_low, board.near_term_coverage,
         board.near_term_coverage_floor, board.near_term_pipeline,
         "Advance deals that can close soon"),
    ):
        if actual is not None and actual < floor:
            window = "" if code is AlarmCode.pipeline_coverage_low else (
                f" for the next {board.near_term_window_days} days")
            out.append(_raise(code, Severity.critical if actual < floor * 2 / 3
                              else Severity.warning, client, None,
                              {"actual": actual, "floor": floor, "pipeline": str(amount),
                               "target": str(board.target)},
                              f"{fix}: coverage{window} is {actual:.1f}x of the {floor:g}x floor.",
                              floor - actual))
    margin = board.gross_margin
    if margin.below_floor:
        out.append(_raise(AlarmCode.margin_below_floor, Severity.warning, client, None,
                          {"actual": margin.average_pct, "floor": margin.floor_pct,
                           "deals": margin.deals},
                          f"Protect margin: deals won average {margin.average_pct:.1f}% gross "
                          f"margin, under the {margin.floor_pct:g}% floor.",
                          margin.floor_pct - (margin.average_pct or 0)))
    projected, target = board.forecast.period_end, board.target
    if target > 0 and projected < target:
        out.append(_raise(AlarmCode.forecast_gap, Severity.critical if projected < target * 8 / 10
                          else Severity.warning, client, None,
                          {"projected": str(projected), "target": str(target),
                           "gap": str(target - projected), "method": board.forecast.method},
                          f"Close the gap: the period is on course for {projected:,.0f} of "
                          f"{target:,.0f}; pull deals forward or add pipeline.",
                          float(target - projected)))
    return out


def _review_overdue(client: Client, as_of: date, last: date | None) -> list[Raised]:
    overdue = overdue_review(client, as_of=as_of, last=last)
    if overdue is None:
        return []
    return [_raise(AlarmCode.assessment_overdue, overdue.severity, client, None,
                   overdue.figures, overdue.message, overdue.badness)]


def _activity_alarm(client: Client, row: RepKpis, *, hired_on: date | None) -> list[Raised]:
    weeks_needed = client.activity_alarm_weeks
    # Weeks before a rep was hired don't count against them.
    weeks = [w for w in row.activity
             if hired_on is None or w.starts_on + timedelta(days=6) >= hired_on]
    streaks = {}
    for kind in KIND_NAMES:
        streak = 0
        for week in reversed(weeks):
            if kind not in week.below_target:
                break
            streak += 1
        if streak >= weeks_needed:
            streaks[kind] = streak
    if not streaks:
        return []
    last = row.activity[-1]
    figures = {kind: {"actual": getattr(last, kind), "target": _target(client, kind),
                      "weeks_below": weeks} for kind, weeks in streaks.items()}
    worst = max(streaks.values())
    names = " and ".join(KIND_NAMES[k] for k in streaks)
    last_week = ", ".join(f"{KIND_NAMES[k]} {f['actual']:g} of {f['target']:g}"
                          for k, f in figures.items())
    return [_raise(AlarmCode.activity_below_target,
                   Severity.critical if worst > weeks_needed else Severity.warning,
                   client, row.rep_id, figures,
                   f"{row.full_name} has been under the {names} target for {worst} weeks "
                   f"(last week {last_week}): a low-revenue month is coming; coach on "
                   "activity now.", float(worst))]


def _target(client: Client, kind: str) -> float:
    return float({"calls_meetings": client.weekly_calls_target,
                  "proposals": client.weekly_proposals_target,
                  "prospecting_hours": client.weekly_prospecting_hours_target}[kind])


def _commit_slips(session: Session, principal: Principal, windows: list[Window],
                  table: FromClause) -> dict[tuple[uuid.UUID, str], tuple[int, int]]:
    """Per client and rep: commit deals whose close date slipped, and commit deals lost, in
    the last 30 days."""
    state = deal_states(principal, windows, table, dialect=dialect_of(session),
                        now=now_of(session))
    pushed = and_(DealChange.field == "expected_close_on", DealChange.old.is_not(None),
                  DealChange.new > DealChange.old)
    dropped = and_(DealChange.field == "forecast_category", DealChange.old == "commit")
    slipped = and_(pushed, state.c.forecast_category == "commit")
    lost = and_(dropped, state.c.stage == "closed_lost")
    stmt = (scoped_select(principal, DealChange)
            .with_only_columns(state.c.client_id, state.c.rep_id,
                               func.count(func.distinct(case((slipped, DealChange.deal_id)))),
                               func.count(func.distinct(case((lost, DealChange.deal_id)))))
            .join(state, state.c.deal_id == DealChange.deal_id)
            .join(table, table.c.client_id == DealChange.client_id)
            .where(DealChange.client_id.in_([w.client.id for w in windows]),
                   or_(pushed, dropped),
                   DealChange.changed_at > min(w.slips_from for w in windows),
                   DealChange.changed_at <= max(w.state_at for w in windows),
                   DealChange.changed_at > table.c.slips_from_at,
                   DealChange.changed_at <= table.c.state_at)
            .group_by(state.c.client_id, state.c.rep_id))
    return {(client_id, str(rep_id)): (slips, losses)
            for client_id, rep_id, slips, losses in session.execute(stmt)}


def _commit_slipping(client: Client, reps: dict[uuid.UUID, Rep],
                     slipping: dict[tuple[uuid.UUID, str], tuple[int, int]]) -> list[Raised]:
    """Commit deals whose close date slipped, or that were lost, in the last 30 days."""
    out = []
    for rep_id, rep in reps.items():
        slips, losses = slipping.get((client.id, str(rep_id)), (0, 0))
        if not (slips or losses):
            continue
        out.append(_raise(AlarmCode.commit_slipping,
                          Severity.critical if losses else Severity.warning, client, rep.id,
                          {"slipped": slips, "lost": losses, "window_days": SLIP_WINDOW_DAYS},
                          f"{rep.full_name}'s commit deals are not landing ({slips} slipped, "
                          f"{losses} lost in {SLIP_WINDOW_DAYS} days): review each commit in "
                          "the next one-on-one.", float(slips + 2 * losses)))
    return out


def _moved_to_proposal(session: Session, principal: Principal, windows: list[Window],
                       table: FromClause) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
    """Per client and rep: deals that reached the proposal stage in the last full week."""
    stmt = (scoped_select(principal, DealChange)
            .with_only_columns(DealChange.client_id, Deal.rep_id,
                               func.count(func.distinct(DealChange.deal_id)))
            .join(Deal, Deal.id == DealChange.deal_id)
            .join(table, table.c.client_id == DealChange.client_id)
            .where(DealChange.client_id.in_([w.client.id for w in windows]),
                   DealChange.field == "stage", DealChange.new == "proposal",
                   DealChange.changed_at > min(w.last_week[0] for w in windows),
                   DealChange.changed_at <= max(w.last_week[1] for w in windows),
                   DealChange.changed_at > table.c.last_week_from_at,
                   DealChange.changed_at <= table.c.last_week_to_at)
            .group_by(DealChange.client_id, Deal.rep_id))
    return {(client_id, rep_id): count for client_id, rep_id, count in session.execute(stmt)}


def _numbers_dont_add_up(client: Client, board: ClientKpis, reps: dict[uuid.UUID, Rep],
                         moved: dict[tuple[uuid.UUID, uuid.UUID], int]) -> list[Raised]:
    """Proposals logged in the last full week with no deal reaching proposal, or the reverse."""
    logged = {row.rep_id: row.activity[-1] for row in board.reps}
    out = []
    for rep_id, rep in reps.items():
        week = logged.get(rep_id)
        if week is None:
            continue
        proposals, deals = float(week.proposals), int(moved.get((client.id, rep_id)) or 0)
        if (proposals > 0) == (deals > 0):
            continue
        out.append(_raise(AlarmCode.numbers_dont_add_up, Severity.warning, client, rep_id,
                          {"week": week.week, "proposals_logged": proposals,
                           "deals_to_proposal": deals},
                          f"{rep.full_name} logged {proposals:g} proposals in {week.week} "
                          f"but {deals} deals reached the proposal stage: check that the "
                          "numbers add up.", abs(proposals - deals)))
    return out
