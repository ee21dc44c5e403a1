"""The demo's targets over time and a rep in ramp.

Each client: an approved target three periods back (90 % of today's), one from last period
on at today's level, and next period's 10 % higher still waiting for the owner; each rep's
quota dated from three periods back, and 10 % more from next period. Acme's SDR is measured
on the SDR targets (no proposals), and Acme hired a second SDR five weeks ago who is in
ramp, with their activity just over the ramped targets."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from app.core.periods import Period, period_containing
from app.models import Activity, Client, Rep, RepQuota, RevenueTarget, User
from app.models.enums import ActivityKind, MeasurementPeriod, Motivator, SalesRole
from app.models.practice.targets import TargetStatus

SDR_TARGETS = {"calls_meetings": 15, "proposals": 0, "prospecting_hours": "5.00"}
NEW_HIRE = ("Jamie Ortiz", "Sales Development Rep")
# calls and prospecting hours per ramp week: over 50 % of the SDR's 15 and 5 for four
# weeks, then over 75 %
RAMP_WEEKS = [(8, 3)] * 4 + [(12, 4)]


def seed_targets_unscoped(session: Session, client: Client, reps: list[Rep], manager: User,
                          owner: User, *, slug: str, today: date) -> int:
    if session.exec(select(RevenueTarget.id).where(
            RevenueTarget.client_id == client.id)).first():
        return 0
    kind = MeasurementPeriod(client.measurement_period)
    current = period_containing(today, kind)
    back3, back1 = _back(current, 3, kind), _back(current, 1, kind)
    following = period_containing(current.end + timedelta(days=1), kind)
    standing = Decimal(client.period_revenue_target)
    decided = datetime.combine(back3.start, time(15), tzinfo=UTC)
    for period, share, status in ((back3, Decimal("0.9"), TargetStatus.approved),
                                  (back1, Decimal("1"), TargetStatus.approved),
                                  (following, Decimal("1.1"), TargetStatus.proposed)):
        approved = status is TargetStatus.approved
        session.add(RevenueTarget(
            client_id=client.id, starts_on=period.start, amount=standing * share,
            status=status, proposed_by=manager.id, decided_by=owner.id if approved else None,
            decided_at=decided if approved else None,
            note="Set at the quarterly review." if approved else "Growth plan for next year."))
    for rep in reps:
        for start, amount in ((back3.start, rep.quota), (following.start,
                                                          Decimal(rep.quota) * Decimal("1.1"))):
            session.add(RepQuota(client_id=client.id, rep_id=rep.id, starts_on=start,
                                 amount=amount, set_by=manager.id))
    count = 3 + 2 * len(reps)
    if slug == "acme":
        client.role_activity_targets = {SalesRole.sdr.value: SDR_TARGETS}
        for rep in reps:
            if rep.title == "Sales Development Rep":
                rep.sales_role = SalesRole.sdr
        count += _new_hire(session, client, today)
    session.flush()
    return count


def _new_hire(session: Session, client: Client, today: date) -> int:
    name, title = NEW_HIRE
    start = today - timedelta(days=today.weekday(), weeks=len(RAMP_WEEKS))
    rep = Rep(client_id=client.id, full_name=name, title=title, hire_date=start,
              email="rep6@acme.demo.example", quota=Decimal("30000"), ramp_starts_on=start,
              sales_role=SalesRole.sdr,
              motivators=[Motivator.money, Motivator.achievement, Motivator.competition])
    session.add(rep)
    session.flush()
    for week, (calls, hours) in enumerate(RAMP_WEEKS):
        monday = start + timedelta(weeks=week)
        for offset, kind, quantity in ((1, ActivityKind.call, calls),
                                       (3, ActivityKind.prospecting, hours)):
            day = monday + timedelta(days=offset)
            entered = datetime.combine(day, time(17, 30), tzinfo=UTC)
            session.add(Activity(client_id=client.id, rep_id=rep.id, kind=kind,
                                 occurred_on=day, quantity=Decimal(quantity),
                                 created_at=entered, updated_at=entered))
    return 1


def _back(period: Period, count: int, kind: MeasurementPeriod) -> Period:
    for _ in range(count):
        period = period_containing(period.start - timedelta(days=1), kind)
    return period
