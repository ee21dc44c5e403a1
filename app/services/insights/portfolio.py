"""The manager's portfolio: one row per client with its health, from its alarms."""

from collections import Counter
from datetime import date

from sqlmodel import Session

from app.core.clock import now_of
from app.models import Client
from app.models.insights.alarm import AlarmCode, Portfolio, PortfolioRow, Severity
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms import clients_alarms

# Which alarm speaks first when several share a severity: the earliest warning of a dip.
PRIORITY = [AlarmCode.activity_below_target, AlarmCode.pipeline_coverage_low,
            AlarmCode.near_term_coverage_low, AlarmCode.forecast_gap, AlarmCode.commit_slipping,
            AlarmCode.numbers_dont_add_up, AlarmCode.margin_below_floor,
            AlarmCode.assessment_overdue]


def portfolio(session: Session, principal: Principal, *, as_of: date | None = None) -> Portfolio:
    """Every active client the manager runs: health (red with a critical alarm, amber with a
    warning, else green), attainment, both coverages and the worst alarm's message."""
    authorize(principal, Resource.portfolio, Action.list)
    rows = []
    clients = session.exec(scoped_select(principal, Client).where(Client.archived_at.is_(None))
                           .order_by(Client.name)).all()
    found = clients_alarms(session, principal, list(clients), as_of=as_of)
    for client in clients:
        board, raised = found[client.id]
        counts = Counter(found.alarm.severity for found in raised)
        worst = sorted(raised, key=lambda f: (f.alarm.severity != Severity.critical,
                                              PRIORITY.index(f.alarm.code)))
        health = ("red" if counts[Severity.critical] else
                  "amber" if counts[Severity.warning] else "green")
        rows.append(PortfolioRow(
            client_id=client.id, name=client.name, health=health,
            attainment=board.attainment, pipeline_coverage=board.pipeline_coverage,
            near_term_coverage=board.near_term_coverage,
            alarms={s.value: counts[s] for s in Severity},
            worst_alarm=worst[0].alarm.message if worst else None))
    return Portfolio(as_of=as_of or now_of(session).date(), items=rows)
