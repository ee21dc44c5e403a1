"""A client's leading indicators week by week, for charts (docs/domain.md, "Leading indicators":
per ISO week): the team's activity per kind, new pipeline created, revenue won, and open
pipeline and its coverage at each week's end, as the deals stood then.

Weeks follow the client's time zone: a week runs from Monday 00:00 to the end of Sunday
there. Each figure is one SQL aggregate over all the weeks at once.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Numeric, and_, case, cast, func, literal, select, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from app.core.clock import today_of
from app.core.periods import end_of_day_utc, iso_week, period_containing
from app.core.sql import cents, from_cents
from app.models import Activity, Client, Deal, DealChange
from app.models.base import UTCDateTime
from app.models.enums import OPEN_STAGES, ActivityKind, MeasurementPeriod, Stage
from app.models.insights.kpi_weekly import ActivityTotals, KpiWeek, KpiWeekly
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, scoped_select
from app.services.insights.engine.replay import changed_after, existed, open_pipeline_steps, then
from app.services.practice.in_force import in_force_unscoped

CENT = Decimal("0.01")
OPEN = [s.value for s in OPEN_STAGES]


@dataclass(frozen=True)
class Week:
    starts_on: date
    starts_at: datetime  # Monday 00:00 in the client's zone, in UTC
    ends_at: datetime  # the last instant of Sunday in the client's zone, in UTC

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=6)


def client_kpis_weekly(session: Session, principal: Principal, client_id: uuid.UUID, *,
                       weeks: int = 12, as_of: date | None = None) -> KpiWeekly:
    """The last `weeks` ISO weeks up to the one containing `as_of` (default: today in the
    client's time zone), oldest first."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.client_kpis,
                        action=Action.read)
    as_of = as_of or today_of(session, client.timezone)
    series = _weeks(as_of, weeks, client.timezone)
    activity = _activity(session, principal, client, series)
    standing = _standing(session, principal, client, series)
    held = in_force_unscoped(session, [client.id])
    kind = MeasurementPeriod(client.measurement_period)
    target = held.set_target(client, period_containing(as_of, kind))
    items = []
    for i, week in enumerate(series):
        open_pipeline, won, created = standing[i]
        week_target = held.set_target(client, period_containing(week.ends_on, kind))
        items.append(KpiWeek(
            week=iso_week(week.starts_on), starts_on=week.starts_on, ends_on=week.ends_on,
            activity=ActivityTotals(**{k: activity.get((i, k), 0.0) for k in ActivityKind}),
            new_pipeline=_money(created), revenue_won=_money(won),
            open_pipeline=_money(open_pipeline),
            pipeline_coverage=round(float(_money(open_pipeline) / week_target), 4)
            if week_target else None))
    return KpiWeekly(client_id=client.id, as_of=as_of, target=_money(target),
                     pipeline_coverage_floor=float(client.pipeline_coverage_floor), items=items)


def _weeks(as_of: date, count: int, timezone: str) -> list[Week]:
    """The `count` ISO weeks ending with the one that contains `as_of`, oldest first."""
    last_monday = as_of - timedelta(days=as_of.weekday())
    mondays = [last_monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
    return [Week(m, end_of_day_utc(m - timedelta(days=1), timezone) + timedelta(microseconds=1),
                 end_of_day_utc(m + timedelta(days=6), timezone)) for m in mondays]


def _bucket(column, starts: list) -> ColumnElement[int]:
    """The index of the week a value falls in (the caller bounds it to the whole series)."""
    return case(*[(column >= start, literal(i)) for i, start in reversed(list(enumerate(starts)))])


def _activity(session: Session, principal: Principal, client: Client,
              weeks: list[Week]) -> dict[tuple[int, str], float]:
    """The team's activity per week and kind (occurred_on is already the client's date)."""
    week = _bucket(Activity.occurred_on, [w.starts_on for w in weeks])
    stmt = (scoped_select(principal, Activity)
            .with_only_columns(week.label("week"), Activity.kind,
                               func.sum(Activity.quantity).label("quantity"))
            .where(Activity.client_id == client.id, Activity.occurred_on >= weeks[0].starts_on,
                   Activity.occurred_on <= weeks[-1].ends_on)
            .group_by(week, Activity.kind))
    return {(i, kind): float(quantity) for i, kind, quantity in session.execute(stmt)}


def _standing(session: Session, principal: Principal, client: Client,
              weeks: list[Week]) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """Per week: open pipeline and revenue won, from each deal as it stood at the week's end,
    and the new pipeline (the amounts deals were created with in the week), in one
    statement: the open pipeline now less the history's steps after each week end
    (engine.replay.open_pipeline_steps), and the deals closed in the series as they stood at
    the end of their closing week."""
    # An entry's bucket is its week, or len(weeks) after the series: how many week ends it
    # came after.
    starts = [w.starts_at for w in weeks] + [weeks[-1].ends_at + timedelta(microseconds=1)]
    steps = open_pipeline_steps(  # (an archived deal's entries are dropped there)
        scoped_select(principal, DealChange, with_archived=True).where(
            DealChange.client_id == client.id, DealChange.changed_at >= weeks[0].starts_at),
        lambda at: _bucket(at, starts))
    open_now = (scoped_select(principal, Deal)
                .with_only_columns(literal(NOW).label("bucket"),
                                   func.coalesce(func.sum(cents(Deal.amount)), literal(0)),
                                   literal(0))
                .where(Deal.client_id == client.id, Deal.stage.in_(OPEN)))
    rows = {bucket: (int(moved or 0), int(made or 0)) for bucket, moved, made
            in session.execute(union_all(open_now, steps, _won(principal, client, weeks)))}
    step, created = (lambda b: rows.get(b, (0, 0))[0]), (lambda b: rows.get(b, (0, 0))[1])
    standing, open_pipeline = {}, step(NOW)
    for i in range(len(weeks) - 1, -1, -1):  # back from now, week end by week end
        open_pipeline -= step(i + 1)
        standing[i] = (from_cents(open_pipeline), from_cents(step(WON + i)),
                       from_cents(created(i)))
    return standing


NOW, WON = -1, 1000  # the union's other buckets: the open pipeline now, the wins per week


def _won(principal: Principal, client: Client, weeks: list[Week]):
    """Revenue won per week (bucket WON + week): the deals closed in the week that were won
    at its end, at their amount then."""
    starts = [w.starts_on for w in weeks]
    closed_in = and_(Deal.client_id == client.id, Deal.closed_on >= weeks[0].starts_on,
                     Deal.closed_on <= weeks[-1].ends_on)
    ends = union_all(*[
        select(literal(i).label("week"), literal(w.ends_at, UTCDateTime()).label("ends_at"))
        for i, w in enumerate(weeks)]).subquery("week_ends")
    changed = changed_after(  # an archived deal's entries meet no deal row below
        scoped_select(principal, DealChange, with_archived=True)
        .join(Deal, Deal.id == DealChange.deal_id)
        .where(closed_in, DealChange.changed_at > weeks[0].ends_at),
        ends, at=ends.c.ends_at, also=_bucket(Deal.closed_on, starts) == ends.c.week,
        fields=("stage", "amount"))
    week = _bucket(Deal.closed_on, starts)
    amount = then(changed, "amount", Deal.amount, lambda text: cast(text, Numeric(14, 2)))
    won = then(changed, "stage", Deal.stage) == Stage.closed_won.value
    return (scoped_select(principal, Deal)
            .with_only_columns((literal(WON) + week).label("bucket"),
                               func.coalesce(func.sum(case((won, cents(amount)),
                                                           else_=literal(0))), literal(0)),
                               literal(0))
            .outerjoin(changed, changed.c.deal_id == Deal.id)
            .where(closed_in, existed(changed))
            .group_by(week))


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)
