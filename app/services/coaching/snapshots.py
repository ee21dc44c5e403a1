"""The rep's key figures kept with each one-on-one, and the change between two of them."""

import uuid
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from app.models.coaching.kpi_snapshot import KpiChange, KpiSnapshot
from app.services.access.principal import Principal
from app.services.insights import dashboards
from app.services.insights.engine.windows import ACTIVITY_WEEKS


def snapshot_day(held_on: date, today: date) -> date:
    """The day a meeting's figures are taken as of: its own day, or today while it is ahead."""
    return min(held_on, today)


def take_snapshot(session: Session, principal: Principal, rep_id: uuid.UUID, *,
                  as_of: date) -> KpiSnapshot:
    """The rep's figures as of a day (the KPI engine's, with activity averaged over the last
    complete ISO weeks)."""
    board = dashboards.rep_kpis(session, principal, rep_id, as_of=as_of)
    weeks = board.activity[-ACTIVITY_WEEKS:]

    def average(kind: str) -> float:
        return round(sum(getattr(w, kind) for w in weeks) / len(weeks), 2) if weeks else 0.0

    return KpiSnapshot(
        as_of=board.as_of, attainment=board.attainment,
        pipeline_coverage=board.pipeline_coverage, near_term_coverage=board.near_term_coverage,
        win_rate=board.win_rate.value, win_rate_deals=board.win_rate.deals,
        revenue_won=board.revenue_won, open_pipeline=board.open_pipeline,
        activity_weeks=len(weeks), calls_meetings_per_week=average("calls_meetings"),
        proposals_per_week=average("proposals"),
        prospecting_hours_per_week=average("prospecting_hours"))


def snapshot_of(stored: dict | None) -> KpiSnapshot | None:
    """A stored snapshot read back."""
    return None if stored is None else KpiSnapshot.model_validate(stored)


def change_between(current: KpiSnapshot | None, previous: KpiSnapshot | None, *,
                   previous_id: uuid.UUID, previous_held_on: date) -> KpiChange | None:
    """current minus previous, figure by figure (null where either is missing)."""
    if current is None or previous is None:
        return None

    def delta(name: str, digits: int = 4) -> float | None:
        a, b = getattr(current, name), getattr(previous, name)
        return None if a is None or b is None else round(a - b, digits)

    return KpiChange(
        previous_id=previous_id, previous_held_on=previous_held_on,
        attainment=delta("attainment"), pipeline_coverage=delta("pipeline_coverage"),
        near_term_coverage=delta("near_term_coverage"), win_rate=delta("win_rate"),
        revenue_won=Decimal(current.revenue_won) - Decimal(previous.revenue_won),
        open_pipeline=Decimal(current.open_pipeline) - Decimal(previous.open_pipeline),
        calls_meetings_per_week=delta("calls_meetings_per_week", 2),
        proposals_per_week=delta("proposals_per_week", 2),
        prospecting_hours_per_week=delta("prospecting_hours_per_week", 2))
