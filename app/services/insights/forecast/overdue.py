"""The open deals a forecast leaves out: more than the client's overdue days past their
expected close, as they stood at `as_of`."""

import uuid
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.clock import now_of
from app.core.sql import dialect_of
from app.models import Deal
from app.models.enums import OPEN_STAGES
from app.models.insights.forecast import OverdueDeal
from app.services.access.principal import Principal
from app.services.insights.engine.deal_state import deal_states
from app.services.insights.engine.windows import Window, of_its_client

LISTED = 50  # the largest ones


def overdue_deals(session: Session, principal: Principal, w: Window,
                  table: FromClause) -> list[OverdueDeal]:
    dialect = dialect_of(session)
    state = deal_states(principal, [w], table, dialect=dialect, now=now_of(session))
    s = state.c
    stmt = (select(s.deal_id, Deal.name, s.rep_id, s.amount, s.forecast_category,
                   s.expected_close_on)
            .select_from(state)
            .join(table, of_its_client(table, s.client_id, dialect))
            .join(Deal, Deal.id == s.deal_id)
            .where(and_(s.stage.in_([stage.value for stage in OPEN_STAGES]),
                        s.expected_close_on < table.c.overdue_before))
            .order_by(s.amount.desc(), s.deal_id).limit(LISTED))
    out = []
    for row in session.execute(stmt):
        due = row.expected_close_on
        due = due if isinstance(due, date) else date.fromisoformat(str(due)[:10])
        out.append(OverdueDeal(deal_id=row.deal_id, name=row.name,
                               rep_id=uuid.UUID(str(row.rep_id)), amount=row.amount,
                               forecast_category=row.forecast_category,
                               expected_close_on=due, days_overdue=(w.as_of - due).days))
    return out
