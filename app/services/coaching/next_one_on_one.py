"""The agenda to start a rep's next one-on-one from: action items carried over, deals that
need attention and why, the rep's alarms, and their figures against the last meeting."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, or_
from sqlmodel import Session, col

from app.core.clock import now_of, today_of
from app.models import ActionItem, Client, Deal, OneOnOne, Rep
from app.models.coaching.next_one_on_one import (
    DealAttention,
    NextOneOnOne,
    OneOnOneRef,
    ScheduledOneOnOne,
)
from app.models.enums import OPEN_STAGES, AttentionReason, ForecastCategory, Stage
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, scoped_select
from app.services.coaching.action_items import current_items, read_items
from app.services.coaching.snapshots import change_between, snapshot_of, take_snapshot
from app.services.insights.alarms import list_alarms

STALE_DAYS = 14
COMMIT_DAYS = 14
MAX_DEALS = 8
R = AttentionReason
# How much each reason weighs in the ranking: a promise about to be missed first.
WEIGHTS = {R.overdue: 4.0, R.commit_closing_soon: 3.0, R.slipped: 2.0, R.stale: 1.0}


def next_one_on_one(session: Session, principal: Principal, rep_id: uuid.UUID) -> NextOneOnOne:
    """What to go through with the rep next (a rep: their own)."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.reps, action=Action.read)
    authorize(principal, Resource.one_on_ones, Action.read)
    today = today_of(session, session.get(Client, rep.client_id).timezone)
    meetings = scoped_select(principal, OneOnOne).where(
        OneOnOne.rep_id == rep.id, col(OneOnOne.archived_at).is_(None))
    previous = session.exec(meetings.where(OneOnOne.held_on < today).order_by(
        col(OneOnOne.held_on).desc(), col(OneOnOne.created_at).desc())).first()
    scheduled = session.exec(meetings.where(OneOnOne.held_on >= today).order_by(
        OneOnOne.held_on, OneOnOne.created_at)).first()
    items = session.exec(current_items(principal).where(
        ActionItem.rep_id == rep.id, col(ActionItem.done).is_(False)).order_by(
        col(ActionItem.due_on).is_(None), ActionItem.due_on, ActionItem.created_at)).all()
    kpis = take_snapshot(session, principal, rep.id, as_of=today)
    agenda = NextOneOnOne(
        rep_id=rep.id, client_id=rep.client_id, as_of=today, previous=None, scheduled=None,
        open_action_items=read_items(session, list(items)),
        deals=deals_needing_attention(session, principal, rep, today=today),
        alarms=list_alarms(session, principal, client_id=rep.client_id, rep_id=rep.id)[0],
        kpis=kpis, change_since_previous=None)
    if previous is not None:
        agenda.previous = OneOnOneRef(id=previous.id, held_on=previous.held_on)
        agenda.change_since_previous = change_between(
            kpis, snapshot_of(previous.kpi_snapshot), previous_id=previous.id,
            previous_held_on=previous.held_on)
    if scheduled is not None:
        agenda.scheduled = ScheduledOneOnOne(id=scheduled.id, held_on=scheduled.held_on,
                                             agenda=scheduled.agenda)
    return agenda


def deals_needing_attention(session: Session, principal: Principal, rep: Rep, *,
                            today: date) -> list[DealAttention]:
    """The rep's open deals that need attention most, each with its reasons, at most
    MAX_DEALS: past their expected close, in commit and due within 14 days, pushed (twice, or
    once past prospecting: a first push of an early deal is normal), or unchanged for 14
    days; ranked by the weight of their reasons scaled by their size."""
    stale_before = now_of(session) - timedelta(days=STALE_DAYS)
    soon = today + timedelta(days=COMMIT_DAYS)
    commit_soon = and_(Deal.forecast_category == ForecastCategory.commit,
                       Deal.expected_close_on >= today, Deal.expected_close_on <= soon)
    deals = session.exec(scoped_select(principal, Deal).where(
        Deal.rep_id == rep.id, col(Deal.stage).in_(OPEN_STAGES),
        or_(Deal.slip_count > 0, Deal.updated_at <= stale_before, commit_soon,
            Deal.expected_close_on < today))).all()
    biggest = max((d.amount for d in deals), default=Decimal(1)) or Decimal(1)
    out = []
    for deal in deals:
        reasons = [reason for reason, applies in (
            (R.overdue, deal.expected_close_on is not None and deal.expected_close_on < today),
            (R.commit_closing_soon, deal.forecast_category == ForecastCategory.commit
             and deal.expected_close_on is not None and today <= deal.expected_close_on <= soon),
            (R.slipped, deal.slip_count >= 2
             or (deal.slip_count == 1 and deal.stage != Stage.prospecting)),
            (R.stale, deal.updated_at <= stale_before),
        ) if applies]
        if not reasons:
            continue
        weight = sum(WEIGHTS[r] for r in reasons) + max(0, deal.slip_count - 1) * 0.5
        out.append(DealAttention(
            deal_id=deal.id, name=deal.name, account_name=deal.account_name, amount=deal.amount,
            stage=deal.stage, forecast_category=deal.forecast_category,
            expected_close_on=deal.expected_close_on, slip_count=deal.slip_count,
            last_changed_at=deal.updated_at, reasons=reasons,
            attention=round(weight * (1 + float(deal.amount / biggest)), 3)))
    out.sort(key=lambda d: (-d.attention, d.expected_close_on or date.max, d.name,
                            str(d.deal_id)))
    return out[:MAX_DEALS]
