"""Deals as they stood at given moments, rebuilt in SQL from their history: the one replay
every past figure uses (a past `as_of`, each client's window, each week of a series).

Every tracked field is recorded at a deal's creation and on each change (DealChange). An
entry holds from its `changed_at` until the field's next entry (ties broken by id), so a
deal's state at a moment is, per field, the entry that holds then. Joining the entries to a
small table of moments gives every moment's state in one query.
"""

from collections.abc import Callable, Sequence

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.sql import FromClause, Select, Subquery

from app.models import DealChange

FIELDS = ("stage", "amount", "expected_close_on", "forecast_category", "rep_id")


def history_intervals(changes: Select, *, fields: Sequence[str] = FIELDS,
                      until: ColumnElement | None = None) -> Subquery:
    """The history entries of `changes` (a select of DealChange, scoped and narrowed by the
    caller) for these fields, each with `until`: when the field's next entry took over.

    `until`, when given, drops the entries made after that instant: no moment asked about
    comes later, so they would hold at none of them."""
    stmt = changes.with_only_columns(
        DealChange.deal_id, DealChange.client_id, DealChange.field, DealChange.new,
        DealChange.changed_at,
        func.lead(DealChange.changed_at).over(
            partition_by=(DealChange.deal_id, DealChange.field),
            order_by=(DealChange.changed_at, DealChange.id)).label("until"),
    ).where(DealChange.field.in_(fields))
    if until is not None:
        stmt = stmt.where(DealChange.changed_at <= until)
    return stmt.subquery("history")


def states_at(history: Subquery, moments: FromClause, *, at: ColumnElement,
              keys: Sequence[ColumnElement] = (),
              also: Callable[[Subquery], ColumnElement[bool]] | None = None,
              fields: Sequence[str] = FIELDS) -> Select:
    """One row per moment (`keys`) and deal: deal_id and, per field, the value (text) of the
    entry that held at the moment's `at`. `also` narrows which moments a history entry is
    joined to (e.g. its own client's)."""
    holds = and_(history.c.changed_at <= at,
                 or_(history.c.until.is_(None), history.c.until > at))
    if also is not None:
        holds = and_(holds, also(history))
    values = [func.max(case((history.c.field == name, history.c.new))).label(name)
              for name in fields]
    return (select(*keys, history.c.deal_id, *values)
            .join_from(history, moments, holds)
            .group_by(*keys, history.c.deal_id))
