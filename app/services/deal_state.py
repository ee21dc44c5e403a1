"""Each deal as it stood at a moment, rebuilt in SQL from its history (every tracked field
is recorded at creation and on each change), so any figure can be reproduced for a past date."""

from datetime import datetime

from sqlalchemy import Numeric, String, case, cast, func, select
from sqlalchemy.sql import Subquery

from app.models import Deal, DealChange
from app.models.base import utcnow
from app.services.access import Principal, scoped_select

FIELDS = ("stage", "amount", "expected_close_on", "forecast_category", "rep_id")


def deal_state_at(principal: Principal, at: datetime, *, dialect: str | None = None) -> Subquery:
    """A subquery with one row per deal the caller may see that existed at `at`: deal_id,
    stage, amount (numeric), expected_close_on (ISO text), forecast_category, rep_id (text).

    For a moment not yet past (e.g. the end of today) the deals table already holds that
    state, so it is read directly; the history is only replayed for the past."""
    if at >= utcnow():
        return _current_state(principal, dialect)
    ranked = (
        scoped_select(principal, DealChange)
        .with_only_columns(
            DealChange.deal_id, DealChange.field, DealChange.new,
            func.row_number().over(partition_by=(DealChange.deal_id, DealChange.field),
                                   order_by=(DealChange.changed_at.desc(),
                                             DealChange.id.desc())).label("rank"))
        .where(DealChange.changed_at <= at)
        .subquery("ranked"))
    latest = {field: func.max(case((ranked.c.field == field, ranked.c.new))) for field in FIELDS}
    return (
        select(
            ranked.c.deal_id,
            latest["stage"].label("stage"),
            cast(latest["amount"], Numeric(14, 2)).label("amount"),
            latest["expected_close_on"].label("expected_close_on"),
            latest["forecast_category"].label("forecast_category"),
            latest["rep_id"].label("rep_id"))
        .where(ranked.c.rank == 1)
        .group_by(ranked.c.deal_id)
        .subquery("deal_state"))


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
