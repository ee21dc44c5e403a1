"""Archiving a deal: a deal entered by mistake or as a test leaves the default list and
every figure (KPIs, forecast, alarms, reports, pay) without being deleted, and can be
restored. Its history stays with it; the events feed and the audit log tell of both."""

import uuid

from sqlmodel import Session

from app.core.changes import Change, as_read, record
from app.core.clock import now_of
from app.core.versioning import apply_changes, check_if_match
from app.errors import Conflict
from app.models import Deal
from app.models.pipeline.deal import DealRead
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped


def archive_deal(session: Session, principal: Principal, deal_id: uuid.UUID, *,
                 if_match: str | None) -> Deal:
    """Archive a deal (managers); 409 when it already is."""
    deal = _for_archiving(session, principal, deal_id, if_match)
    if deal.archived_at is not None:
        raise Conflict("The deal is already archived.", archived_at=deal.archived_at.isoformat())
    return _set(session, deal, archived=True)


def unarchive_deal(session: Session, principal: Principal, deal_id: uuid.UUID, *,
                 if_match: str | None) -> Deal:
    """Bring an archived deal back into the lists and figures (managers); 409 when it is
    not archived."""
    deal = _for_archiving(session, principal, deal_id, if_match)
    if deal.archived_at is None:
        raise Conflict("The deal is not archived.")
    return _set(session, deal, archived=False)


def refuse_archived(deal: Deal) -> None:
    """409 for a change to an archived deal: it is restored first."""
    if deal.archived_at is not None:
        raise Conflict("The deal is archived; restore it before changing it "
                       "(POST /api/v1/deals/{id}/unarchive).")


def _for_archiving(session: Session, principal: Principal, deal_id: uuid.UUID,
                   if_match: str | None) -> Deal:
    deal = get_scoped(session, principal, Deal, deal_id, resource=Resource.deals,
                      action=Action.archive, for_update=True, with_archived=True)
    check_if_match(deal, if_match)
    return deal


def _set(session: Session, deal: Deal, *, archived: bool) -> Deal:
    before = as_read(deal, DealRead)
    apply_changes(deal, {"archived_at": now_of(session) if archived else None})
    session.flush()
    record(session, Change("deal", deal.client_id, deal.rep_id, as_read(deal, DealRead),
                           before))
    return deal
