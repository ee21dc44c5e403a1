"""The manager's portfolio: one row per client with its health, from its alarms."""

from collections import Counter
from datetime import date

from sqlmodel import Session

from app.core.clock import now_of, today_of
from app.models import Client
from app.models.enums import Role
from app.models.insights.alarm import AlarmCode, Portfolio, PortfolioRow, Severity
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms import clients_alarms, states
from app.services.insights.alarms.health import health_of

# Which alarm speaks first when several share a severity: the earliest warning of a dip.
PRIORITY = [AlarmCode.forecast_gap, AlarmCode.pipeline_coverage_low,
            AlarmCode.near_term_coverage_low, AlarmCode.activity_below_target,
            AlarmCode.improvement_plan_behind,
            AlarmCode.commit_unreliable, AlarmCode.deal_overdue, AlarmCode.numbers_dont_add_up,
            AlarmCode.activity_backdated, AlarmCode.margin_below_floor,
            AlarmCode.deal_below_margin_floor, AlarmCode.coaching_cadence_missed,
            AlarmCode.forecast_call_missing, AlarmCode.crm_hygiene_low,
            AlarmCode.owner_disengaged, AlarmCode.assessment_overdue]


def portfolio(session: Session, principal: Principal, *, as_of: date | None = None) -> Portfolio:
    """Every active client the manager runs: its health and why, attainment, both
    coverages, the forecast and how much of the period is gone, and the worst standing
    alarm's message."""
    authorize(principal, Resource.portfolio, Action.list)
    rows = []
    clients = session.exec(scoped_select(principal, Client).where(Client.archived_at.is_(None))
                           .order_by(Client.name)).all()
    found = clients_alarms(session, principal, list(clients), as_of=as_of)
    if as_of is None and principal.role is Role.manager:
        states.observe(session, list(clients), [r for _, rs in found.values() for r in rs],
                       complete=True)
    known = states.states_of(session, principal, [r for _, rs in found.values() for r in rs])
    for client in clients:
        board, raised = found[client.id]
        up = states.standing(raised, known, today=today_of(session, client.timezone))
        health = health_of(client, up)
        counts = Counter(found.alarm.severity for found in up)
        worst = sorted(up, key=lambda f: (f.alarm.severity != Severity.critical,
                                          PRIORITY.index(f.alarm.code)))
        period_days = (board.period_end - board.period_start).days + 1
        rows.append(PortfolioRow(
            client_id=client.id, name=client.name, health=health.health,
            health_reasons=health.reasons, attainment=board.attainment,
            pipeline_coverage=board.pipeline_coverage,
            near_term_coverage=board.near_term_coverage,
            period_elapsed=round(((board.as_of - board.period_start).days + 1) / period_days, 4),
            forecast=board.forecast.period_end,
            alarms={s.value: counts[s] for s in Severity},
            worst_alarm=worst[0].alarm.message if worst else None))
    return Portfolio(as_of=as_of or now_of(session).date(), items=rows)
