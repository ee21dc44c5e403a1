"""Each deal as it stood at a moment, rebuilt in SQL from its history (every tracked field
is recorded at creation and on each change), so any figure can be reproduced for a past date."""

from datetime import datetime

from sqlalchemy import (
    Date,
    Numeric,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    not_,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import FromClause, Subquery

from app.models import Deal, DealChange
from app.models.enums import OPEN_STAGES
from app.services.access import Principal, scoped_select
from app.services.kpi_windows import Window

FIELDS = ("stage", "amount", "expected_close_on", "forecast_category", "rep_id")


def deal_state_at(principal: Principal, at: datetime, *, now: datetime,
                  dialect: str | None = None) -> Subquery:
    """A subquery with one row per deal the caller may see that existed at `at`: deal_id,
    stage, amount (numeric), expected_close_on (ISO text), forecast_category, rep_id (text).

    For a moment not yet past (e.g. the end of today) the deals table already holds that
    state, so it is read directly; the history is only replayed for the past."""
    if at >= now:
        return _current_state(principal, dialect)
    ranked = _ranked(scoped_select(principal, DealChange).where(DealChange.changed_at <= at))
    return _latest(ranked).subquery("deal_state")


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
        if dialect != "sqlite":
            return current.where(can_count).subquery("deal_state")
        # SQLite would search a one-client scope by its id alone (reading the client's whole
        # history): one branch per condition, each on its own index, none repeating a deal.
        is_open = Deal.stage.in_(OPEN_STAGES)
        closed_lately = and_(Deal.closed_on.is_not(None), Deal.closed_on > since)
        return union_all(
            current.where(clients, is_open),
            current.where(clients, Deal.closed_on > since, not_(is_open)),
            current.where(clients, Deal.proposal_sent_on > since, not_(is_open),
                          not_(closed_lately)),
        ).subquery("deal_state")
    # A deal changed since the earliest moment may have stood differently then.
    later = aliased(DealChange)
    changed_since = exists().where(later.deal_id == Deal.id,
                                   later.changed_at > min(w.state_at for w in windows))
    candidates = (select(Deal.id).where(Deal.client_id.in_([w.client.id for w in windows]),
                                        or_(can_count, changed_since))
                  .cte("candidates"))
    if dialect == "postgresql":  # found first, then their history through its index
        candidates = candidates.prefix_with("MATERIALIZED")
    ranked = _ranked(scoped_select(principal, DealChange)
                     .join(candidates, candidates.c.id == DealChange.deal_id)
                     .join(table, table.c.client_id == DealChange.client_id)
                     .where(DealChange.changed_at <= table.c.state_at))
    replayed = _latest(ranked).subquery("replayed")
    close = (cast(replayed.c.expected_close_on, Date) if dialect != "sqlite"
             else type_coerce(replayed.c.expected_close_on, Date))
    return (select(replayed.c.deal_id, replayed.c.rep_id, replayed.c.stage, replayed.c.amount,
                   close.label("expected_close_on"), replayed.c.forecast_category, *extra)
            .join(Deal, Deal.id == replayed.c.deal_id)
            .subquery("deal_state"))


def _ranked(changes) -> Subquery:
    return (changes.with_only_columns(
        DealChange.deal_id, DealChange.field, DealChange.new,
        func.row_number().over(partition_by=(DealChange.deal_id, DealChange.field),
                               order_by=(DealChange.changed_at.desc(),
                                         DealChange.id.desc())).label("rank"))
        .subquery("ranked"))


def _latest(ranked: Subquery):
    latest = {field: func.max(case((ranked.c.field == field, ranked.c.new))) for field in FIELDS}
    return (select(ranked.c.deal_id,
                   latest["stage"].label("stage"),
                   cast(latest["amount"], Numeric(14, 2)).label("amount"),
                   latest["expected_close_on"].label("expected_close_on"),
                   latest["forecast_category"].label("forecast_category"),
                   latest["rep_id"].label("rep_id"))
            .where(ranked.c.rank == 1)
            .group_by(ranked.c.deal_id))


def _current_state(principal: Principal, dialect: str | None) -> Subquery:
    rep_id = cast(Deal.rep_id, String)
    if dialect == "sqlite":  # stored as 32 hex digits; history holds the dashed form
        rep_id = func.lower(func.substr(rep_id, 1, 8) + "-" + func.substr(rep_id, 9, 4) + "-"
                            + func.substr(rep_id, 13, 4) + "-" + func.substr(rep_id, 17, 4)
                            + "-" + func.substr(rep_id, 21, 12))
    return (scoped_select(principal, Deal)
            .with_only_columns(
                Deal.id.label("deal_id"), Deal.stage.label("stage"),
                cast(Deal.amount, Numeric(14, 2)).label("amount"),
                cast(Deal.expected_close_on, String).label("expected_close_on"),
                Deal.forecast_category.label("forecast_category"), rep_id.label("rep_id"))
            .subquery("deal_state"))
