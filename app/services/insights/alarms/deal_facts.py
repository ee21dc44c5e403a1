"""The few deals the deal alarms look at, as they stood at each client's `as_of`, in two
grouped queries for all the clients: deals that were ever in commit (commit reliability),
open commit and best-case deals (overdue), deals below the margin floor; and the pushes of
their expected close."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.clock import now_of
from app.core.sql import dialect_of
from app.models import Deal, DealChange
from app.models.enums import OPEN_STAGES, ForecastCategory, Stage
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.deal_state import deal_states
from app.services.insights.engine.windows import Window, of_its_client

OPEN = [s.value for s in OPEN_STAGES]
LATE_STAGES = [Stage.proposal.value, Stage.negotiation.value]
ROLL_UP = [ForecastCategory.commit.value, ForecastCategory.best_case.value]


@dataclass(frozen=True)
class Push:
    at: datetime
    old: date
    new: date


@dataclass
class DealFact:
    deal_id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    name: str
    stage: str
    forecast_category: str
    expected_close_on: date | None
    closed_on: date | None
    amount: Decimal
    gross_margin_pct: Decimal | None
    was_commit: bool
    pushes: list[Push] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN


def deal_facts(session: Session, principal: Principal, windows: list[Window],
               table: FromClause) -> dict[uuid.UUID, list[DealFact]]:
    """Per client: the deals that were in commit, the open commit and best-case deals, and
    those with a gross margin at proposal or later or won (each as it stood at `as_of`)."""
    dialect = dialect_of(session)
    state = deal_states(principal, windows, table, dialect=dialect, now=now_of(session))
    s = state.c
    was_commit = exists().where(DealChange.deal_id == s.deal_id,
                                DealChange.field == "forecast_category",
                                DealChange.new == ForecastCategory.commit.value,
                                DealChange.changed_at <= table.c.state_at)
    stmt = (select(s.client_id, s.rep_id, s.deal_id, Deal.name, s.stage, s.forecast_category,
                   s.expected_close_on, s.closed_on, s.amount, s.gross_margin_pct,
                   was_commit.label("was_commit"))
            .select_from(state)
            .join(table, of_its_client(table, s.client_id, dialect))
            .join(Deal, Deal.id == s.deal_id)
            .where(or_(was_commit,
                       and_(s.stage.in_(OPEN), s.forecast_category.in_(ROLL_UP)),
                       and_(s.gross_margin_pct.is_not(None),
                            or_(s.stage.in_(LATE_STAGES), s.stage == Stage.closed_won.value)))))
    facts: dict[uuid.UUID, DealFact] = {}
    for row in session.execute(stmt):
        facts[row.deal_id] = DealFact(
            deal_id=row.deal_id, client_id=row.client_id, rep_id=uuid.UUID(str(row.rep_id)),
            name=row.name, stage=row.stage, forecast_category=row.forecast_category,
            expected_close_on=_day(row.expected_close_on), closed_on=row.closed_on,
            amount=Decimal(row.amount), gross_margin_pct=row.gross_margin_pct,
            was_commit=bool(row.was_commit))
    _add_pushes(session, principal, facts, until=max(w.state_at for w in windows))
    out: dict[uuid.UUID, list[DealFact]] = {}
    for fact in facts.values():
        out.setdefault(fact.client_id, []).append(fact)
    return out


def _add_pushes(session: Session, principal: Principal, facts: dict[uuid.UUID, DealFact], *,
                until: datetime) -> None:
    """Each committed deal's expected-close pushes (moved later), oldest first."""
    ids = [f.deal_id for f in facts.values() if f.was_commit]
    if not ids:
        return
    stmt = (scoped_select(principal, DealChange)
            .with_only_columns(DealChange.deal_id, DealChange.changed_at, DealChange.old,
                               DealChange.new)
            .where(DealChange.deal_id.in_(ids), DealChange.field == "expected_close_on",
                   DealChange.old.is_not(None), DealChange.new > DealChange.old,
                   DealChange.changed_at <= until)
            .order_by(DealChange.changed_at, DealChange.id))
    for deal_id, at, old, new in session.execute(stmt):
        facts[deal_id].pushes.append(Push(at, date.fromisoformat(old), date.fromisoformat(new)))


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
