"""What SQLite and PostgreSQL do differently, in one place, behind named operations: date
arithmetic, tables of literals, index hints, locks. Services never test the dialect."""

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CTE,
    BigInteger,
    CompoundSelect,
    Date,
    DateTime,
    Integer,
    Select,
    String,
    Table,
    cast,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import ColumnElement, FromClause
from sqlmodel import Session

from app.models.base import UTCDateTime


def dialect_of(session: Session) -> str:
    """'sqlite' or 'postgresql'."""
    return session.get_bind().dialect.name


def days_from_creation(created_at, closed_on, dialect: str) -> ColumnElement:
    """Whole days from a record's creation (a timestamp, its UTC date) to a date."""
    if dialect == "sqlite":
        return func.julianday(closed_on) - func.julianday(func.date(created_at))
    return closed_on - cast(created_at, Date)


def days_between(start, end, dialect: str) -> ColumnElement:
    """Days (fractional) from one timestamp to a later one."""
    if dialect == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return func.extract("epoch", end - start) / 86400


def weeks_since(day, monday, dialect: str) -> ColumnElement[int]:
    """The index of the ISO week `day` falls in, counting from the week starting `monday`."""
    if dialect == "sqlite":  # a whole number of days as a real: truncate
        return cast((func.julianday(day) - func.julianday(monday)) / 7, Integer)
    # date - date is an integer: integer division (SQLAlchemy's "/" would round)
    return cast(day - monday, Integer).op("/")(7)


def rows_table(name: str, rows: list[dict[str, Any]], dialect: str) -> FromClause:
    """Rows of typed literals as a table. PostgreSQL gets one array per column, unnested: a
    statement of the same size for one row or fifty, compiled once and planned as one node
    (a UNION of fifty SELECTs costs more to plan than to run). SQLite gets the UNION."""
    if dialect == "postgresql":
        types = {key: DateTime(timezone=True) if isinstance(value.type, UTCDateTime)
                 else value.type for key, value in rows[0].items()}
        arrays = [literal([row[key].value for row in rows], ARRAY(kind))
                  for key, kind in types.items()]
        return (func.unnest(*arrays)
                .table_valued(*[column(key, kind) for key, kind in types.items()])
                .render_derived(name=name))
    selects = [select(*[value.label(key) for key, value in row.items()]) for row in rows]
    return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery(name)


def not_by_its_index(value: ColumnElement, dialect: str) -> ColumnElement:
    """The value, hidden from SQLite's planner as an index key (`|| ''`): a join on it then
    takes the indexes of the rows' own conditions instead."""
    return value.op("||")(literal_column("''")) if dialect == "sqlite" else value


def any_of(stmt: Select, branches: list[tuple[ColumnElement, ColumnElement | None]],
           dialect: str) -> Select | CompoundSelect:
    """The rows of `stmt` that meet any branch's condition, each condition on its own index.
    PostgreSQL combines the indexes itself (an OR); SQLite searches one index per branch, so
    it gets a UNION ALL where each branch also excludes (its second element) the rows that
    an earlier branch found."""
    selects = by_index(stmt, branches, dialect)
    return selects[0] if len(selects) == 1 else union_all(*selects)


def by_index(stmt: Select, branches: list[tuple[ColumnElement, ColumnElement | None]],
             dialect: str) -> list[Select]:
    """any_of's selects, to stack with others in a UNION ALL: one OR on PostgreSQL, a
    select per branch on SQLite."""
    if dialect != "sqlite":
        return [stmt.where(or_(*[condition for condition, _ in branches]))]
    return [stmt.where(condition) if exclude is None else stmt.where(condition, exclude)
            for condition, exclude in branches]


def materialized(cte: CTE, dialect: str) -> CTE:
    """A CTE computed once before its use (PostgreSQL would otherwise inline it)."""
    return cte.prefix_with("MATERIALIZED") if dialect == "postgresql" else cte


def as_date(text: ColumnElement, dialect: str | None) -> ColumnElement:
    """An ISO date stored as text, as a date."""
    return cast(text, Date) if dialect != "sqlite" else type_coerce(text, Date)


def uuid_text(value: ColumnElement, dialect: str) -> ColumnElement:
    """A UUID column as the dashed text history rows hold (SQLite stores 32 hex digits)."""
    text = cast(value, String)
    if dialect != "sqlite":
        return text
    return func.lower(func.substr(text, 1, 8) + "-" + func.substr(text, 9, 4) + "-"
                      + func.substr(text, 13, 4) + "-" + func.substr(text, 17, 4) + "-"
                      + func.substr(text, 21, 12))


def serialize_on(session: Session, key: str) -> None:
    """Make concurrent transactions on this key wait for each other until they end
    (PostgreSQL: a transaction advisory lock; SQLite's single writer already does)."""
    if dialect_of(session) == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def try_serialize_on(session: Session, lock_id: int) -> bool:
    """Like serialize_on without waiting: False when another transaction holds the lock."""
    if dialect_of(session) != "postgresql":
        return True
    return bool(session.execute(select(func.pg_try_advisory_xact_lock(lock_id))).scalar())


def skip_locked(stmt: Select, session: Session, *, of: Any = None) -> Select:
    """Lock the rows read (of the table `of`, when the statement joins others) for this
    transaction, skipping those another transaction holds (PostgreSQL; SQLite has one writer
    at a time)."""
    if dialect_of(session) == "postgresql":
        return stmt.with_for_update(skip_locked=True, of=of)
    return stmt


def cents(amount: ColumnElement) -> ColumnElement[int]:
    """An amount of money as whole cents: sums of them are exact integers on both databases
    (SQLite would add NUMERIC values as floating point and lose cents past 15 digits)."""
    return cast(func.round(amount * 100), BigInteger)


def from_cents(value: Any) -> Decimal:
    """Whole cents from SQL as an exact amount."""
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


def json_length(value: ColumnElement) -> ColumnElement[int]:
    """The number of elements of a JSON array column (the same function on both)."""
    return func.json_array_length(value)


def insert_missing(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose primary key is not there yet; leave the others as they are
    (two transactions inserting the same row at once both succeed)."""
    if not rows:
        return
    if dialect_of(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        session.execute(pg_insert(table).values(rows).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        session.execute(sqlite_insert(table).values(rows).on_conflict_do_nothing())


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of the same columns in one driver executemany, each value put in
    the database's form by its column's type once (what an ORM or Core insert would store,
    without their per-row bookkeeping): the imports' writer."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    converted = []
    for name in columns:  # a column at a time, each distinct value converted once
        process = table.c[name].type.bind_processor(dialect)
        values = [row[name] for row in rows]
        if process is not None:
            values = _converted(values, process)
        converted.append(values)
    params = list(zip(*converted, strict=True))
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    connection.exec_driver_sql(sql, params)


def _converted(values: list[Any], process: Any) -> list[Any]:
    """Each value in the driver's form, the repeated ones (a batch's client, a deal's id)
    converted once."""
    seen: dict[Any, Any] = {}
    out: list[Any] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        try:
            found = seen.get(value)
        except TypeError:  # unhashable (JSON): converted every time
            out.append(process(value))
            continue
        if found is None:
            found = seen[value] = process(value)
        out.append(found)
    return out


def has_many_writers(session: Session) -> bool:
    """Whether another session may write while this one's transaction is open (PostgreSQL;
    SQLite takes its one write lock for the whole transaction)."""
    return dialect_of(session) == "postgresql"
