"""What each period really ended at: the deals won in it, per client and rep, as the deals
stand now (a deal marked won late, with its real close date, counts where it belongs)."""

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Uuid, and_, func, literal
from sqlmodel import Session

from app.core.periods import Period
from app.core.sql import cents, dialect_of, from_cents, rows_table
from app.models import Deal
from app.models.enums import Stage
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

Won = dict[tuple[uuid.UUID, date], dict[uuid.UUID, Decimal]]


def won_in_periods(session: Session, principal: Principal,
                   periods: list[tuple[uuid.UUID, Period]]) -> Won:
    """{(client id, period start): {rep id: won}} for each (client, period), one statement."""
    if not periods:
        return {}
    table = rows_table("periods", [
        {"client_id": literal(client_id, Uuid()), "start": literal(p.start, Date()),
         "end": literal(p.end, Date())} for client_id, p in periods], dialect_of(session))
    stmt = (scoped_select(principal, Deal)
            .with_only_columns(table.c.client_id, table.c.start, Deal.rep_id,
                               func.sum(cents(Deal.amount)))
            .join(table, and_(Deal.client_id == table.c.client_id,
                              Deal.closed_on >= table.c.start, Deal.closed_on <= table.c.end))
            .where(Deal.stage == Stage.closed_won.value)
            .group_by(table.c.client_id, table.c.start, Deal.rep_id))
    out: Won = {(client_id, p.start): {} for client_id, p in periods}
    for client_id, start, rep_id, total in session.execute(stmt):
        day = start if isinstance(start, date) else date.fromisoformat(str(start))
        out[(uuid.UUID(str(client_id)), day)][rep_id] = from_cents(total)
    return out
