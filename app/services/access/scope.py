"""Which rows each caller may see: every service query starts from `scoped_select` or
`get_scoped`, and a table missing from `TENANT_PATHS` is denied to all."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import Forbidden, NotFound, invalid_field
from app.models import (
    Account,
    ActionItem,
    Activity,
    AlarmState,
    ApiKey,
    AuditEntry,
    CallReview,
    Candidate,
    Client,
    ClientManager,
    CoachingChange,
    CompPlan,
    Deal,
    DealChange,
    DecisionRequest,
    Diagnostic,
    FitAssessment,
    ForecastCall,
    ForecastSnapshot,
    ImportJob,
    ImprovementPlan,
    Interview,
    Invitation,
    OnboardingPlan,
    OnboardingTemplate,
    OneOnOne,
    OwnerMeeting,
    Question,
    Rep,
    Report,
    RepQuota,
    RevenueTarget,
    SalesMeeting,
    SalesProcess,
    Scorecard,
    ScorecardAmendment,
    StrategyReview,
    Territory,
    Training,
    TrainingAssignment,
    User,
)
from app.models.enums import Role
from app.models.integrations.webhook import WebhookEvent, WebhookSubscription
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal

T = TypeVar("T", bound=SQLModel)


@dataclass(frozen=True)
class TenantPath:
    """How a table reaches its client, and which rows a rep may see of it."""

    client_column: Any
    rep_only: Callable[[Principal], ColumnElement[bool]] | None = None
    shared_when_null: bool = False  # rows without a client (e.g. the default bank) are shared
    also_visible: Callable[[Principal], ColumnElement[bool]] | None = None  # beyond the clients
    archived: Callable[[], ColumnElement[bool]] | None = None  # rows left out unless asked for


def _refused_to_reps(principal: Principal) -> ColumnElement[bool]:
    """Hiring rows of the rep's own company stay visible so POLICY answers 403, not 404."""
    return true()


def _own_actions_on_logins(principal: Principal) -> ColumnElement[bool]:
    """A manager also sees what they did to logins, their own included (a manager's login
    belongs to no client)."""
    if not principal.is_manager:
        return false()
    return and_(AuditEntry.entity_type == "user", AuditEntry.actor_id == principal.user_id)


def _own_invitations(principal: Principal) -> ColumnElement[bool]:
    """A manager also sees the invitations they sent to managers who join no client yet."""
    if not principal.is_manager:
        return false()
    return Invitation.invited_by == principal.user_id


TENANT_PATHS: dict[type[SQLModel], TenantPath] = {
    Client: TenantPath(Client.id, rep_only=lambda p: Client.id == p.client_id),
    ClientManager: TenantPath(ClientManager.client_id),
    Rep: TenantPath(Rep.client_id, rep_only=lambda p: Rep.id == p.rep_id),
    User: TenantPath(User.client_id, rep_only=lambda p: User.id == p.user_id),
    # An archived deal (and its history) is out of every list and figure unless asked for.
    Deal: TenantPath(Deal.client_id, rep_only=lambda p: Deal.rep_id == p.rep_id,
                     archived=lambda: col(Deal.archived_at).is_not(None)),
    DealChange: TenantPath(DealChange.client_id, rep_only=lambda p: DealChange.deal_id.in_(
        select(Deal.id).where(Deal.rep_id == p.rep_id)),
        archived=lambda: DealChange.deal_id.in_(
            select(Deal.id).where(col(Deal.archived_at).is_not(None)))),
    Activity: TenantPath(Activity.client_id, rep_only=lambda p: Activity.rep_id == p.rep_id),
    Candidate: TenantPath(Candidate.client_id, rep_only=_refused_to_reps),
    ForecastCall: TenantPath(ForecastCall.client_id,
                             rep_only=lambda p: ForecastCall.rep_id == p.rep_id),
    ForecastSnapshot: TenantPath(ForecastSnapshot.client_id, rep_only=_refused_to_reps),
    ImportJob: TenantPath(ImportJob.client_id, rep_only=_refused_to_reps),
    Account: TenantPath(Account.client_id, rep_only=lambda p: Account.client_id == p.client_id),
    Territory: TenantPath(Territory.client_id,
                          rep_only=lambda p: Territory.client_id == p.client_id),
    SalesProcess: TenantPath(SalesProcess.client_id,
                             rep_only=lambda p: SalesProcess.client_id == p.client_id),
    Report: TenantPath(Report.client_id, rep_only=_refused_to_reps),
    CompPlan: TenantPath(CompPlan.client_id, rep_only=_refused_to_reps),
    # the events feed: a rep reads the events of their own records
    WebhookEvent: TenantPath(WebhookEvent.client_id,
                             rep_only=lambda p: WebhookEvent.rep_id == p.rep_id),
    RevenueTarget: TenantPath(RevenueTarget.client_id, rep_only=_refused_to_reps),
    RepQuota: TenantPath(RepQuota.client_id, rep_only=lambda p: RepQuota.rep_id == p.rep_id),
    Training: TenantPath(Training.client_id, rep_only=lambda p: col(Training.id).in_(
        select(TrainingAssignment.training_id).where(TrainingAssignment.rep_id == p.rep_id))),
    ImprovementPlan: TenantPath(ImprovementPlan.client_id,
                                rep_only=lambda p: ImprovementPlan.rep_id == p.rep_id),
    CallReview: TenantPath(CallReview.client_id,
                           rep_only=lambda p: CallReview.rep_id == p.rep_id),
    OwnerMeeting: TenantPath(OwnerMeeting.client_id, rep_only=_refused_to_reps),
    DecisionRequest: TenantPath(DecisionRequest.client_id, rep_only=_refused_to_reps),
    Question: TenantPath(Question.client_id, rep_only=_refused_to_reps, shared_when_null=True),
    Interview: TenantPath(Interview.client_id, rep_only=_refused_to_reps),
    Scorecard: TenantPath(Scorecard.client_id, rep_only=_refused_to_reps),
    ScorecardAmendment: TenantPath(ScorecardAmendment.client_id),
    # A rep reads what was done about their own alarms (acknowledged, snoozed, raised when).
    AlarmState: TenantPath(AlarmState.client_id,
                           rep_only=lambda p: AlarmState.rep_id == p.rep_id),
    OneOnOne: TenantPath(OneOnOne.client_id, rep_only=lambda p: OneOnOne.rep_id == p.rep_id),
    ActionItem: TenantPath(ActionItem.client_id,
                           rep_only=lambda p: ActionItem.rep_id == p.rep_id),
    # A team meeting's notes and decisions concern the whole team, absentees included.
    SalesMeeting: TenantPath(SalesMeeting.client_id, rep_only=lambda p: true()),
    CoachingChange: TenantPath(CoachingChange.client_id,
                               rep_only=lambda p: CoachingChange.rep_id == p.rep_id),
    # A rep finds a diagnostic of their own (403), never a peer's (404, as their rep row).
    Diagnostic: TenantPath(Diagnostic.client_id, rep_only=lambda p: Diagnostic.rep_id == p.rep_id),
    FitAssessment: TenantPath(FitAssessment.client_id, rep_only=_refused_to_reps),
    StrategyReview: TenantPath(StrategyReview.client_id, rep_only=_refused_to_reps),
    Invitation: TenantPath(Invitation.client_id, rep_only=_refused_to_reps,
                           also_visible=_own_invitations),
    OnboardingTemplate: TenantPath(OnboardingTemplate.client_id, rep_only=_refused_to_reps),
    OnboardingPlan: TenantPath(OnboardingPlan.client_id,
                               rep_only=lambda p: OnboardingPlan.rep_id == p.rep_id),
    # Managers read their clients' entries, owners their company's; reps none (POLICY).
    AuditEntry: TenantPath(AuditEntry.client_id, also_visible=_own_actions_on_logins),
}


# Tables that belong to one login rather than to a client: the owner's rows only.
OWNED_BY_USER: dict[type[SQLModel], Any] = {ApiKey: ApiKey.user_id}


def scoped_select(principal: Principal, model: type[T], *,
                  with_archived: bool = False) -> SelectOfScalar[T]:
    """SELECT of the rows of `model` the principal may see; default deny. Archived rows
    (deals and their history) are left out unless `with_archived`."""
    path = TENANT_PATHS.get(model)
    if path is None:
        return select(model).where(false())
    visible = path.client_column.in_(principal.client_ids)
    if path.shared_when_null:
        visible = or_(visible, path.client_column.is_(None))
    if path.also_visible is not None:
        visible = or_(visible, path.also_visible(principal))
    stmt = select(model).where(visible)
    if path.archived is not None and not with_archived:
        stmt = stmt.where(~path.archived())
    if principal.role is Role.rep:
        stmt = stmt.where(path.rep_only(principal) if path.rep_only else false())
    return stmt


def owned_select(principal: Principal, model: type[T]) -> SelectOfScalar[T]:
    """SELECT of the caller's own rows of a per-login table (e.g. API keys); default deny."""
    column = OWNED_BY_USER.get(model)
    if column is None:
        return select(model).where(false())
    return select(model).where(column == principal.user_id)


def get_scoped(session: Session, principal: Principal, model: type[T], obj_id: uuid.UUID,
               *, resource: Resource, action: Action, for_update: bool = False,
               with_archived: bool = False) -> T:
    """The row if the principal may see it (else 404) and may do `action` on it (else 403);
    an archived row only `with_archived`."""
    stmt = scoped_select(principal, model, with_archived=with_archived).where(
        model.id == obj_id)
    if for_update:
        stmt = stmt.with_for_update()
    return first_scoped(session, principal, stmt, obj_id, resource=resource, action=action)[0]


def first_scoped(session: Session, principal: Principal, stmt: Any, obj_id: uuid.UUID, *,
                 resource: Resource, action: Action) -> Any:
    """The first row (a tuple) of `stmt` (a scoped_select of the record, narrowed to
    `obj_id`, perhaps with related rows joined in) under get_scoped's rules: 404 when out of
    scope, then 403 unless the role may do `action`."""
    return rows_scoped(session, principal, stmt.limit(1), obj_id, resource=resource,
                       action=action)[0]


def rows_scoped(session: Session, principal: Principal, stmt: Any, obj_id: uuid.UUID, *,
                resource: Resource, action: Action) -> list[Any]:
    """Every row of `stmt` (a scoped_select of one record with related rows outer-joined
    in: one row per related row) under get_scoped's rules."""
    rows = list(session.execute(stmt).all())
    if not rows:
        raise NotFound(f"No {resource.rstrip('s').replace('_', ' ')} with id {obj_id}.")
    authorize(principal, resource, action)
    return rows


def get_parent(session: Session, principal: Principal, model: type[T], obj_id: uuid.UUID, *,
               resource: Resource, action: Action) -> T:
    """The client or rep a sub-resource hangs off (e.g. a client's strategy reviews): 404
    naming it when out of scope, then 403 unless the role may do `action` on `resource`."""
    obj = session.exec(scoped_select(principal, model).where(model.id == obj_id)).first()
    if obj is None:
        raise NotFound(f"No {model.__tablename__.rstrip('s')} with id {obj_id}.")
    authorize(principal, resource, action)
    return obj


def require_client_in_scope(principal: Principal, client_id: uuid.UUID) -> None:
    """404 for a client the principal cannot see (used for ids given in a body)."""
    if client_id not in principal.client_ids:
        raise NotFound(f"No client with id {client_id}.")


def resolve_rep(session: Session, principal: Principal, rep_id: uuid.UUID | None) -> Rep:
    """The rep a record is for: a rep's own when omitted; a rep may name only themselves
    (403); a rep outside the caller's scope is 404."""
    if principal.role is Role.rep:
        if rep_id is not None and rep_id != principal.rep_id:
            raise Forbidden("A rep may only record their own deals and activities.")
        rep_id = principal.rep_id
    if rep_id is None:
        raise invalid_field("rep_id", "Name the rep (rep_id).")
    rep = session.exec(scoped_select(principal, Rep).where(Rep.id == rep_id)).first()
    if rep is None:
        raise NotFound(f"No rep with id {rep_id}.")
    if rep.archived_at is not None:
        raise invalid_field("rep_id", "That rep is archived; restore them first.")
    return rep


# --- webhooks ---------------------------------------------------------------------------------

def own_webhooks(principal: Principal) -> SelectOfScalar[WebhookSubscription]:
    """The caller's own subscriptions: nobody sees or changes another user's hooks."""
    return select(WebhookSubscription).where(WebhookSubscription.user_id == principal.user_id)


def get_own_webhook(session: Session, principal: Principal, webhook_id: uuid.UUID, *,
                    action: Action, for_update: bool = False) -> WebhookSubscription:
    """One of the caller's subscriptions (anyone else's is 404), if the role may `action`."""
    stmt = own_webhooks(principal).where(WebhookSubscription.id == webhook_id)
    if for_update:
        stmt = stmt.with_for_update()
    found = session.exec(stmt).first()
    if found is None:
        raise NotFound(f"No webhook with id {webhook_id}.")
    authorize(principal, Resource.webhooks, action)
    return found
