"""Salespeople of client companies; archived, never deleted."""

import uuid
from datetime import datetime

from sqlmodel import Session, col

from app.core.clock import now_of
from app.core.filters import where_equal, where_updated_since
from app.core.pagination import Page, PageRequest, paginate
from app.core.versioning import apply_changes
from app.models import Rep
from app.models.enums import RepStatus
from app.models.practice.activity_targets import ActivityTargetsPatch
from app.models.practice.rep import RepCreate, RepUpdate
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select


def list_reps(session: Session, principal: Principal, page: PageRequest, *,
              client_id: uuid.UUID | None = None, status: RepStatus | None = None,
              archived: bool | None = False,
              updated_since: datetime | None = None) -> Page[Rep]:
    """The reps the caller may see, newest first (a rep sees only themselves)."""
    authorize(principal, Resource.reps, Action.list)
    stmt = where_equal(scoped_select(principal, Rep), (Rep.client_id, client_id),
                       (Rep.status, status))
    if archived is not None:
        stmt = stmt.where(col(Rep.archived_at).is_not(None) if archived
                          else col(Rep.archived_at).is_(None))
    return paginate(session, where_updated_since(stmt, Rep, updated_since), Rep, page)


def create_rep(session: Session, principal: Principal, data: RepCreate) -> Rep:
    """A new rep in a client the caller manages or owns."""
    authorize(principal, Resource.reps, Action.create)
    require_client_in_scope(principal, data.client_id)
    rep = Rep.model_validate(data.model_dump(exclude={"activity_targets"}))
    rep.activity_targets = _targets_json(data.activity_targets)
    session.add(rep)
    session.flush()
    return rep


def get_rep(session: Session, principal: Principal, rep_id: uuid.UUID) -> Rep:
    """One rep the caller may see."""
    return get_scoped(session, principal, Rep, rep_id, resource=Resource.reps,
                      action=Action.read)


def update_rep(session: Session, principal: Principal, rep_id: uuid.UUID, data: RepUpdate, *,
               if_match: str | None) -> Rep:
    """Change a rep; each role may write only its own set of fields."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.reps,
                     action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.reps, rep, data, if_match=if_match,
                                nullable=frozenset({"email", "hire_date", "activity_targets",
                                                    "ramp_starts_on"}))
    if "activity_targets" in changes:
        changes["activity_targets"] = _targets_json(data.activity_targets)
    apply_changes(rep, changes)
    session.flush()
    return rep


def _targets_json(targets: ActivityTargetsPatch | None) -> dict | None:
    """A rep's own weekly targets as stored: only the kinds set; none: null."""
    given = targets.model_dump(mode="json", exclude_none=True) if targets else {}
    return given or None


def set_archived(session: Session, principal: Principal, rep_id: uuid.UUID, *,
                 archived: bool) -> Rep:
    """Archive (or restore) a rep; their history stays."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.reps,
                     action=Action.archive, for_update=True)
    if (rep.archived_at is not None) != archived:
        apply_changes(rep, {"archived_at": now_of(session) if archived else None})
        session.flush()
    return rep
