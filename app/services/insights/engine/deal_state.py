"""Each deal as it stood at a moment, for the figures: read from the deals table when the
moment is not past yet, else replayed from the history (engine.replay), so any figure can be
reproduced for a past date."""

from datetime import datetime

from sqlalchemy import (
    CTE,
    Numeric,
    String,
    and_,
    cast,
    literal,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql import FromClause, Subquery

from app.core.sql import any_of, as_date, by_index, uuid_text
from app.models import Deal, DealChange
from app.models.base import UTCDateTime
from app.models.enums import OPEN_STAGES
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.replay import changed_after, existed, then
from app.services.insights.engine.windows import Window


def deal_state_at(principal: Principal, at: datetime, *, now: datetime,
                  dialect: str | None = None) -> Subquery:
    """A subquery with one row per deal the caller may see that existed at `at`: deal_id,
    stage, amount (numeric), expected_close_on (ISO text), forecast_category, rep_id (text).

    For a moment not yet past (e.g. the end of today) the deals table already holds that
    state, so it is read directly; for the past, the changes since are read back (replay)."""
    if at >= now:
        return _current_state(principal, dialect)
    moment = select(literal(at, UTCDateTime()).label("at")).subquery("moment")
    # An archived deal's entries may be read: its row, left out of the scoped deals, drops
    # them (and SQLite would scan the deals for the archived ones).
    changed = changed_after(scoped_select(principal, DealChange, with_archived=True).where(
        DealChange.changed_at > at), moment, at=moment.c.at)
    return (scoped_select(principal, Deal)
            .with_only_columns(*_then(changed, dialect, close_as_text=True))
            .outerjoin(changed, changed.c.deal_id == Deal.id)
            .where(existed(changed))
            .subquery("deal_state"))


def deal_states(principal: Principal, windows: list[Window], table: FromClause, *,
                dialect: str, now: datetime, won_lately: bool = False) -> Subquery:
    """The deals of the windows' clients that can count in their figures (open, closed or
    sent a proposal inside a window), each as it stood at the end of its client's `as_of`
    (`table` is kpi_windows.windows_table(windows)): deal_id, client_id, rep_id, stage,
    amount, expected_close_on (a date), forecast_category, closed_on, proposal_sent_on,
    gross_margin_pct, created_at.

    Only the deals that can count are read, through the indexes, so the cost follows the
    open pipeline and the windows rather than the whole closed history; `won_lately`
    narrows them to the deals closed in a rate window (the figures of wins alone)."""
    since = min(w.counts_since for w in windows)
    clients = Deal.client_id.in_([w.client.id for w in windows])
    if won_lately:
        clients = and_(clients, Deal.closed_on > min(w.rate_start for w in windows))
    is_open = Deal.stage.in_(OPEN_STAGES)
    closed_lately = and_(Deal.closed_on.is_not(None), Deal.closed_on > since)
    proposed_lately = and_(Deal.proposal_sent_on.is_not(None), Deal.proposal_sent_on > since)
    # SQLite would search a one-client scope by its id alone (reading the client's whole
    # history): one branch per condition, each on its own index, none repeating a deal.
    can_count = [(and_(clients, is_open), None),
                 (and_(clients, closed_lately), not_(is_open)),
                 (and_(clients, proposed_lately), and_(not_(is_open), not_(closed_lately)))]
    extra = (Deal.client_id, Deal.closed_on, Deal.proposal_sent_on, Deal.gross_margin_pct,
             Deal.created_at)
    if min(w.state_at for w in windows) >= now:
        current = (scoped_select(principal, Deal)
                   .with_only_columns(Deal.id.label("deal_id"), Deal.rep_id, Deal.stage,
                                      Deal.amount, Deal.expected_close_on,
                                      Deal.forecast_category, *extra))
        return any_of(current, can_count, dialect).subquery("deal_state")
    # A deal changed since its client's moment may have stood differently then; any other
    # stood as it stands now, so it can count only if it can now.
    changes = scoped_select(principal, DealChange, with_archived=True).where(  # as above
        DealChange.client_id.in_([w.client.id for w in windows]),
        DealChange.changed_at > min(w.state_at for w in windows))
    if won_lately:
        changes = changes.join(Deal, Deal.id == DealChange.deal_id).where(clients)
    changed = changed_after(changes, table, at=table.c.state_at,
                            also=DealChange.client_id == table.c.client_id)
    stood = scoped_select(principal, Deal).with_only_columns(*_then(changed, dialect), *extra)
    branches = by_index(  # those that can count now, as above ...
        stood.outerjoin(changed, changed.c.deal_id == Deal.id).where(existed(changed)),
        can_count, dialect)
    # ... and the deals changed since, found from their history rather than by a scan (an
    # inner join: SQLite would otherwise scan the deals for the outer one).
    branches.append(stood.join(changed, changed.c.deal_id == Deal.id)
                    .where(existed(changed), not_(or_(is_open, closed_lately, proposed_lately))))
    return union_all(*branches).subquery("deal_state")


def _then(changed: CTE, dialect: str | None, *, close_as_text: bool = False) -> list:
    """Each tracked field of the outer-joined deal as it stood at its moment."""
    if close_as_text:
        close = then(changed, "expected_close_on", cast(Deal.expected_close_on, String))
    else:
        close = then(changed, "expected_close_on", Deal.expected_close_on,
                     lambda text: as_date(text, dialect))
    return [Deal.id.label("deal_id"),
            then(changed, "stage", Deal.stage).label("stage"),
            then(changed, "amount", cast(Deal.amount, Numeric(14, 2)),
                 lambda text: cast(text, Numeric(14, 2))).label("amount"),
            close.label("expected_close_on"),
            then(changed, "forecast_category", Deal.forecast_category)
            .label("forecast_category"),
            then(changed, "rep_id", uuid_text(Deal.rep_id, dialect)).label("rep_id")]


def _current_state(principal: Principal, dialect: str | None) -> Subquery:
    rep_id = uuid_text(Deal.rep_id, dialect)
    return (scoped_select(principal, Deal)
            .with_only_columns(
                Deal.id.label("deal_id"), Deal.stage.label("stage"),
                cast(Deal.amount, Numeric(14, 2)).label("amount"),
                cast(Deal.expected_close_on, String).label("expected_close_on"),
                Deal.forecast_category.label("forecast_category"), rep_id.label("rep_id"))
            .subquery("deal_state"))
