"""Deals as they stood at given moments, rebuilt in SQL from their history: the one replay
every past figure uses (a past `as_of`, each client's window, each week of a series).

Every tracked field is recorded at a deal's creation (old = null) and on each change, with
the value it had before (`old`) and after (`new`); each entry's `old` is the previous entry's
`new`. So a deal's state at a past moment is read backwards from the deals table, which
holds the state now: a deal with no history entry after the moment stood then as it stands
now; for one that changed since, each field that changed held the `old` of its first entry
after the moment, and a deal whose creation (its first `stage` entry, the only one with no
old stage) came after the moment did not exist yet. Only the entries after the earliest
moment asked about are read, through the (client, changed_at) index, so the cost follows
the recent changes rather than the whole history.
"""

from collections.abc import Callable, Sequence

from sqlalchemy import CTE, ColumnElement, Numeric, and_, case, cast, func, or_, select
from sqlalchemy.sql import FromClause, Select
from sqlmodel import col

from app.core.sql import cents
from app.models import Deal, DealChange
from app.models.enums import OPEN_STAGES

FIELDS = ("stage", "amount", "expected_close_on", "forecast_category", "rep_id")


def changed_after(changes: Select, moments: FromClause, *, at: ColumnElement,
                  keys: Sequence[ColumnElement] = (),
                  also: ColumnElement[bool] | None = None,
                  fields: Sequence[str] = FIELDS) -> CTE:
    """One row per moment (`keys`) and deal with a history entry after the moment's `at`
    (`changes`: a select of DealChange, scoped and narrowed by the caller; `also` narrows
    which moments an entry is joined to, e.g. its own client's): deal_id; `born_after` (1:
    created after the moment); and per field `has_<field>` (1: changed after the moment) and
    `<field>`, the text it held then."""
    joined = DealChange.changed_at > at if also is None else and_(DealChange.changed_at > at,
                                                                   also)
    entries = (changes.join(moments, joined)
               .with_only_columns(
                   *keys, DealChange.deal_id, DealChange.field, DealChange.old,
                   func.row_number().over(
                       partition_by=(*keys, DealChange.deal_id, DealChange.field),
                       order_by=(DealChange.changed_at, DealChange.id)).label("nth"))
               .where(DealChange.field.in_(fields))
               .subquery("entries"))
    e = entries.c
    key_columns = [e[k.name] for k in keys]
    values = []
    for name in fields:
        values += [func.max(case((e.field == name, 1), else_=0)).label(f"has_{name}"),
                   func.max(case((and_(e.field == name, e.nth == 1), e.old))).label(name)]
    born = func.max(case((and_(e.field == "stage", e.old.is_(None)), 1), else_=0))
    return (select(*key_columns, e.deal_id, born.label("born_after"), *values)
            .group_by(*key_columns, e.deal_id)
            .cte())  # anonymous: a statement may hold several moments' changes


def then(changed: CTE, name: str, now: ColumnElement,
         typed: Callable[[ColumnElement], ColumnElement] = lambda text: text) -> ColumnElement:
    """A field as it stood at the moment: its old value (as `typed` reads the text) if it
    changed since, else its value `now`."""
    return case((changed.c[f"has_{name}"] == 1, typed(changed.c[name])), else_=now)


def existed(changed: CTE) -> ColumnElement[bool]:
    """The deal existed at the moment (its row in `changed`, outer-joined, may be missing)."""
    return func.coalesce(changed.c.born_after, 0) == 0


def open_pipeline_steps(changes: Select, bucket: Callable[[ColumnElement], ColumnElement]
                        ) -> Select:
    """Per `bucket(changed_at)`: how much the stage and amount entries of `changes` (a
    scoped select of DealChange, narrowed by the caller to a span of time; an archived
    deal's entries are left out here) moved the open
    pipeline (`step`, in cents: the open pipeline at a moment is the one now less every step
    after it), and the amounts deals were created with (`created`, in cents).

    A stage entry moves it by the deal's amount then, if it opened or closed the deal (a move
    between two open stages, or two closed ones, moves nothing and is not read); an amount
    entry by the difference, if the deal was open just after it. The other field's value
    then is read like any past value: the old of its next entry (at the same instant for the
    amount before a stage entry, strictly later for the stage after an amount entry), else
    the deal's value now."""
    opened = [s.value for s in OPEN_STAGES]

    def is_open(stage: ColumnElement) -> ColumnElement[int]:
        return case((stage.in_(opened), 1), else_=0)

    is_stage, is_amount = DealChange.field == "stage", DealChange.field == "amount"
    # Later entries first; at one instant the amount before the stage (amount rows count
    # for a stage row of their instant, stage rows not for an amount row of theirs).
    order = (DealChange.changed_at.desc(), case((is_stage, 1), else_=0), DealChange.id.desc())

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count(case((condition, 1))).over(partition_by=DealChange.deal_id,
                                                     order_by=order, rows=(None, 0))

    moves = and_(is_stage, is_open(DealChange.old) != is_open(DealChange.new))
    entries = (changes.where(or_(is_amount, moves))
               .with_only_columns(DealChange.deal_id, DealChange.field, DealChange.old,
                                  DealChange.new, DealChange.changed_at,
                                  counted(is_amount).label("amounts_from"),
                                  counted(is_stage).label("stages_after"))
               .subquery("entries"))
    e = entries.c
    paired = select(
        e.deal_id, e.field, e.old, e.new, e.changed_at, e.amounts_from, e.stages_after,
        func.max(case((e.field == "amount", e.old))).over(
            partition_by=(e.deal_id, e.amounts_from)).label("amount_then"),
        func.max(case((e.field == "stage", e.old))).over(
            partition_by=(e.deal_id, e.stages_after)).label("stage_then"),
    ).subquery("paired")
    p = paired.c

    def money(text: ColumnElement) -> ColumnElement[int]:
        return func.coalesce(cents(cast(text, Numeric(14, 2))), 0)

    amount_before = case((p.amounts_from > 0, money(p.amount_then)),
                         else_=func.coalesce(cents(Deal.amount), 0))
    stage_after = case((p.stages_after > 0, p.stage_then), else_=Deal.stage)
    step = case((p.field == "stage", (is_open(p.new) - is_open(p.old)) * amount_before),
                else_=is_open(stage_after) * (money(p.new) - money(p.old)))
    created = case((and_(p.field == "amount", p.old.is_(None)), money(p.new)), else_=0)
    at = bucket(p.changed_at)
    return (select(at.label("bucket"), func.sum(step).label("step"),
                   func.sum(created).label("created"))
            .join(Deal, and_(Deal.id == p.deal_id, col(Deal.archived_at).is_(None)))
            .group_by(at))
