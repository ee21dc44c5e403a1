"""Each deal as it stood at a moment, for the figures: read from the deals table when the
moment is not past yet, else replayed from the history (engine.replay), so any figure can be
reproduced for a past date."""

from datetime import datetime

from sqlalchemy import (
    Numeric,
    String,
    and_,
    cast,
    exists,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import FromClause, Subquery

from app.core.sql import any_of, as_date, materialized, uuid_text
from app.models import Deal, DealChange
from app.models.base import UTCDateTime
from app.models.enums import OPEN_STAGES
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.replay import history_intervals, states_at
from app.services.insights.engine.windows import Window


def deal_state_at(principal: Principal, at: datetime, *, now: datetime,
                  dialect: str | None = None) -> Subquery:
    """A subquery with one row per deal the caller may see that existed at `at`: deal_id,
    stage, amount (numeric), expected_close_on (ISO text), forecast_category, rep_id (text).

    For a moment not yet past (e.g. the end of today) the deals table already holds that
    state, so it is read directly; the history is only replayed for the past."""
    if at >= now:
        return _current_state(principal, dialect)
    history = history_intervals(scoped_select(principal, DealChange), until=at)
    moment = select(literal(at, UTCDateTime()).label("at")).subquery("moment")
    return _typed(states_at(history, moment, at=moment.c.at).subquery("replayed"))


def deal_states(principal: Principal, windows: list[Window], table: FromClause, *,
                dialect: str, now: datetime) -> Subquery:
    """The deals of the windows' clients that can count in their figures (open, closed or
    sent a proposal inside a window), each as it stood at the end of its client's `as_of`
    (`table` is kpi_windows.windows_table(windows)): deal_id, client_id, rep_id, stage,
    amount, expected_close_on (a date), forecast_category, closed_on, proposal_sent_on,
    gross_margin_pct, created_at.

    Only the deals that can count are read, through the indexes, so the cost follows the
    open pipeline and the windows rather than the whole closed history."""
    since = min(w.counts_since for w in windows)
    clients = Deal.client_id.in_([w.client.id for w in windows])
    # Each term on its own index, so SQLite too reads only these deals (its OR optimisation).
    can_count = or_(and_(clients, Deal.stage.in_(OPEN_STAGES)),
                    and_(clients, Deal.closed_on > since),
                    and_(clients, Deal.proposal_sent_on > since))
    extra = (Deal.client_id, Deal.closed_on, Deal.proposal_sent_on, Deal.gross_margin_pct,
             Deal.created_at)
    if min(w.state_at for w in windows) >= now:
        current = (scoped_select(principal, Deal)
                   .with_only_columns(Deal.id.label("deal_id"), Deal.rep_id, Deal.stage,
                                      Deal.amount, Deal.expected_close_on,
                                      Deal.forecast_category, *extra))
        # SQLite would search a one-client scope by its id alone (reading the client's whole
        # history): one branch per condition, each on its own index, none repeating a deal.
        is_open = Deal.stage.in_(OPEN_STAGES)
        closed_lately = and_(Deal.closed_on.is_not(None), Deal.closed_on > since)
        return any_of(current, [
            (and_(clients, is_open), None),
            (and_(clients, Deal.closed_on > since), not_(is_open)),
            (and_(clients, Deal.proposal_sent_on > since), and_(not_(is_open),
                                                                not_(closed_lately))),
        ], dialect).subquery("deal_state")
    # A deal changed since the earliest moment may have stood differently then.
    later = aliased(DealChange)
    changed_since = exists().where(later.deal_id == Deal.id,
                                   later.changed_at > min(w.state_at for w in windows))
    candidates = materialized(  # found first, then their history through its index
        select(Deal.id).where(Deal.client_id.in_([w.client.id for w in windows]),
                              or_(can_count, changed_since)).cte("candidates"), dialect)
    history = history_intervals(
        scoped_select(principal, DealChange).join(candidates,
                                                  candidates.c.id == DealChange.deal_id),
        until=max(w.state_at for w in windows))
    replayed = states_at(history, table, at=table.c.state_at,
                         also=lambda h: h.c.client_id == table.c.client_id).subquery("replayed")
    close = as_date(replayed.c.expected_close_on, dialect)
    amount = cast(replayed.c.amount, Numeric(14, 2)).label("amount")
    return (select(replayed.c.deal_id, replayed.c.rep_id, replayed.c.stage, amount,
                   close.label("expected_close_on"), replayed.c.forecast_category, *extra)
            .join(Deal, Deal.id == replayed.c.deal_id)
            .subquery("deal_state"))


def _typed(replayed: Subquery) -> Subquery:
    """The replayed state with the amount as a number, as the deals table would give it."""
    return select(replayed.c.deal_id, replayed.c.stage,
                  cast(replayed.c.amount, Numeric(14, 2)).label("amount"),
                  replayed.c.expected_close_on, replayed.c.forecast_category,
                  replayed.c.rep_id).subquery("deal_state")


def _current_state(principal: Principal, dialect: str | None) -> Subquery:
    rep_id = uuid_text(Deal.rep_id, dialect)
    return (scoped_select(principal, Deal)
            .with_only_columns(
                Deal.id.label("deal_id"), Deal.stage.label("stage"),
                cast(Deal.amount, Numeric(14, 2)).label("amount"),
                cast(Deal.expected_close_on, String).label("expected_close_on"),
                Deal.forecast_category.label("forecast_category"), rep_id.label("rep_id"))
            .subquery("deal_state"))
