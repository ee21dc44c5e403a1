"""CRM hygiene per rep: is each open deal kept up (a next step, not overdue, a close date
ahead, touched in the last 14 days, not on an account another rep works too)? The score is
the share of clean open deals; under the client's floor (80 %) the rep's crm_hygiene_low
alarm stands. One grouped statement over the deals table (today's state)."""

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, literal, or_
from sqlmodel import Session, col

from app.core.clock import now_of, today_of
from app.models import Client, Deal, Rep
from app.models.enums import OPEN_STAGES
from app.models.insights.hygiene import Hygiene, RepHygiene
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select
from app.services.pipeline.accounts import conflicts

STALE_DAYS = 14


def hygiene(session: Session, principal: Principal, client_id: uuid.UUID) -> Hygiene:
    """GET /clients/{id}/hygiene (managers and owners)."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.client_kpis,
                        action=Action.read)
    return hygiene_of(session, principal, client)


def hygiene_of(session: Session, principal: Principal, client: Client) -> Hygiene:
    today = today_of(session, client.timezone)
    split = [c.account_id for c in conflicts(session, principal, client.id).items]
    rows = _counts(session, principal, client, today, now_of(session), split)
    reps = session.exec(scoped_select(principal, Rep).where(Rep.client_id == client.id)
                        .order_by(Rep.full_name, Rep.id)).all()
    items = []
    for rep in reps:
        found = rows.get(rep.id)
        if found is None and (rep.archived_at is not None):
            continue
        counts = found or dict.fromkeys(("open", "no_next", "overdue", "past", "stale",
                                         "conflict", "clean"), 0)
        items.append(RepHygiene(
            rep_id=rep.id, full_name=rep.full_name, open_deals=counts["open"],
            no_next_step=counts["no_next"], next_step_overdue=counts["overdue"],
            past_expected_close=counts["past"], stale=counts["stale"],
            in_conflict=counts["conflict"], clean=counts["clean"],
            score=round(counts["clean"] / counts["open"], 4) if counts["open"] else None))
    total = sum(r.open_deals for r in items)
    return Hygiene(client_id=client.id, as_of=today,
                   score=round(sum(r.clean for r in items) / total, 4) if total else None,
                   floor=client.rules.hygiene_floor_pct / 100, reps=items)


def _counts(session: Session, principal: Principal, client: Client, today: date, now: datetime,
            split: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    no_next = Deal.next_step == ""
    overdue = and_(col(Deal.next_step_due_on).is_not(None), Deal.next_step_due_on < today)
    past = and_(col(Deal.expected_close_on).is_not(None), Deal.expected_close_on < today)
    stale = Deal.updated_at < now - timedelta(days=STALE_DAYS)
    conflict = (and_(col(Deal.account_id).is_not(None), col(Deal.account_id).in_(split))
                if split else literal(False))  # never NULL: NOT (NULL) would count as unclean
    flags = {"no_next": no_next, "overdue": overdue, "past": past, "stale": stale,
             "conflict": conflict}

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    stmt = (scoped_select(principal, Deal)
            .with_only_columns(Deal.rep_id, func.count(),
                               *[count(c).label(k) for k, c in flags.items()],
                               count(~or_(*flags.values())).label("clean"))
            .where(Deal.client_id == client.id, col(Deal.stage).in_(OPEN_STAGES))
            .group_by(Deal.rep_id))
    out = {}
    for row in session.execute(stmt):
        rep_id, total, *rest = row
        out[rep_id] = {"open": int(total), **{k: int(v or 0) for k, v in
                                              zip([*flags, "clean"], rest, strict=True)}}
    return out
