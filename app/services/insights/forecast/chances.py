"""The chance that an open deal in each stage is won: the client's configured probabilities,
and what its own history says (the `conversion` method): of the deals closed in the last 365
days, the share won among those that reached the stage. A won deal counts as having passed
every stage; a lost one counts for the stages up to the furthest it reached."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.sql import dialect_of
from app.models import Client, DealChange
from app.models.enums import OPEN_STAGES, Stage
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.windows import CONVERSION_DAYS, Window, of_its_client

RANK = {stage.value: n for n, stage in enumerate(OPEN_STAGES, start=1)}


@dataclass(frozen=True)
class Chances:
    configured: dict[str, float]
    learned: dict[str, float]  # the configured chance where too few deals teach it
    deals: dict[str, int]  # the closed deals each learned chance rests on


def configured(client: Client) -> dict[str, float]:
    return {stage.value: client.stage_probabilities.get(stage.value, 0) / 100
            for stage in OPEN_STAGES}


def chances_of(session: Session, principal: Principal, windows: list[Window],
               table: FromClause) -> dict[uuid.UUID, Chances]:
    """Both sets of chances for each window's client, from one grouped statement."""
    counts = _closed_by_reach(session, principal, windows, table)
    out = {}
    for w in windows:
        mine = counts.get(w.client.id, {})
        won = sum(n for (outcome, _), n in mine.items() if outcome == Stage.closed_won.value)
        base = configured(w.client)
        learned, deals = {}, {}
        for stage, rank in RANK.items():
            lost = sum(n for (outcome, reach), n in mine.items()
                       if outcome == Stage.closed_lost.value and reach >= rank)
            deals[stage] = won + lost
            enough = won + lost >= w.client.min_deals_for_rates
            learned[stage] = round(won / (won + lost), 4) if enough else base[stage]
        out[w.client.id] = Chances(base, learned, deals)
    return out


def _closed_by_reach(session: Session, principal: Principal, windows: list[Window],
                     table: FromClause) -> dict[uuid.UUID, dict[tuple[str, int], int]]:
    """Per client: how many deals closed (won or lost) in its last 365 days, by outcome and
    the furthest open stage they had reached."""
    clients = [w.client.id for w in windows]
    earliest = min(w.conversion_from for w in windows) - timedelta(days=CONVERSION_DAYS)
    rank = case(*[(DealChange.new == stage, n) for stage, n in RANK.items()], else_=0)
    reached = (scoped_select(principal, DealChange)
               .with_only_columns(DealChange.deal_id, func.max(rank).label("reach"))
               .where(DealChange.client_id.in_(clients), DealChange.field == "stage",
                      DealChange.new.in_(list(RANK)), DealChange.changed_at > earliest)
               .group_by(DealChange.deal_id).subquery("reached"))
    closing = scoped_select(principal, DealChange).subquery("closing")
    reach = func.coalesce(reached.c.reach, 0)
    stmt = (select(closing.c.client_id, closing.c.new, reach, func.count())
            .select_from(closing)
            .join(table, of_its_client(table, closing.c.client_id, dialect_of(session)))
            .outerjoin(reached, reached.c.deal_id == closing.c.deal_id)
            .where(closing.c.field == "stage",
                   closing.c.new.in_([Stage.closed_won.value, Stage.closed_lost.value]),
                   and_(closing.c.changed_at > table.c.conversion_from_at,
                        closing.c.changed_at <= table.c.state_at))
            .group_by(closing.c.client_id, closing.c.new, reach))
    out: dict[uuid.UUID, dict[tuple[str, int], int]] = {}
    for client_id, outcome, reach_value, count in session.execute(stmt):
        out.setdefault(client_id, {})[(outcome, int(reach_value))] = int(count)
    return out
