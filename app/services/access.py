"""All scoping and role rules: who may see which rows, and do what with them.

Every service query starts from `scoped_select` or `get_scoped`; a table missing from
`TENANT_PATHS` is denied. Another tenant's row is simply not found (404), so its existence
never leaks; only then does `POLICY` decide 403 for an own-tenant row the role may not touch.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.expression import SelectOfScalar

from app.core.clock import now_of
from app.errors import Forbidden, NotFound, Unauthorized, invalid_field
from app.models import (
    ActionItem,
    Activity,
    AlarmState,
    ApiKey,
    AuditEntry,
    Candidate,
    Client,
    ClientManager,
    CoachingChange,
    Deal,
    DealChange,
    Diagnostic,
    FitAssessment,
    Interview,
    OneOnOne,
    Question,
    Rep,
    SalesMeeting,
    Scorecard,
    ScorecardAmendment,
    StrategyReview,
    User,
)
from app.models.coaching_change import MASKED_FIELDS
from app.models.enums import Assignee, Role
from app.models.webhook import WebhookSubscription
from app.security import decode_access_token, is_api_key
from app.services.api_key_auth import authenticate_api_key
from app.settings import Settings

T = TypeVar("T", bound=SQLModel)


@dataclass(frozen=True)
class Principal:
    """The caller, built once per request from the verified token and the user's row."""

    user_id: uuid.UUID
    email: str
    role: Role
    client_ids: frozenset[uuid.UUID]
    client_id: uuid.UUID | None = None
    rep_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None  # set when the caller came with an API key

    @property
    def is_manager(self) -> bool:
        return self.role is Role.manager


class Resource(StrEnum):
    clients = "clients"
    client_managers = "client_managers"
    users = "users"
    reps = "reps"
    deals = "deals"
    activities = "activities"
    imports = "imports"
    candidates = "candidates"
    questions = "questions"
    interviews = "interviews"
    scorecards = "scorecards"
    client_kpis = "client_kpis"
    rep_kpis = "rep_kpis"
    alarms = "alarms"
    portfolio = "portfolio"
    one_on_ones = "one_on_ones"
    action_items = "action_items"
    sales_meetings = "sales_meetings"
    sales_meeting_attendance = "sales_meeting_attendance"
    diagnostics = "diagnostics"
    bottom_performers = "bottom_performers"
    fit_assessments = "fit_assessments"
    strategy_reviews = "strategy_reviews"
    engagement = "engagement"
    cost_comparison = "cost_comparison"
    audit = "audit"
    webhooks = "webhooks"
    api_keys = "api_keys"


class Action(StrEnum):
    list = "list"
    read = "read"
    create = "create"
    update = "update"
    archive = "archive"
    delete = "delete"
    reassign = "reassign"
    reopen = "reopen"
    override = "override"
    history = "history"
    add_agenda = "add_agenda"


# Every action on a record; history and agenda items concern the coaching records only.
_ALL = frozenset(Action) - {Action.history, Action.add_agenda}
_READ = frozenset({Action.list, Action.read})
_LOG = frozenset({Action.list, Action.read, Action.create, Action.update, Action.delete})
_RUN = frozenset({Action.list, Action.read, Action.create, Action.update})
# Hiring is run by the manager and the owner together; reps have no access to it.
_HIRING = {Resource.candidates: _RUN, Resource.questions: _READ, Resource.interviews: _RUN,
           Resource.scorecards: _RUN}
_MEETING = frozenset({Action.list, Action.read, Action.create, Action.update, Action.archive,
                      Action.history})
_READ_HISTORY = _READ | {Action.history}
# Assessments are append-only: managers record them, owners read their company's, reps have
# none (DOMAIN.md, "Who uses it": no assessments of themselves).
_RECORD = frozenset({Action.list, Action.read, Action.create})
# Each user manages their own webhook subscriptions (update: rotating the secret).
_WEBHOOKS = {Resource.webhooks: frozenset({Action.list, Action.read, Action.create,
                                           Action.update, Action.delete})}
_ASSESSMENTS_READ = {Resource.diagnostics: _READ, Resource.bottom_performers: _READ,
                     Resource.fit_assessments: _READ, Resource.strategy_reviews: _READ,
                     Resource.engagement: _READ, Resource.cost_comparison: _READ}
# Every login manages its own API keys (rows reached through OWNED_BY_USER, never shared).
_OWN_KEYS = {Resource.api_keys: frozenset({Action.list, Action.create, Action.delete})}
POLICY: dict[Role, dict[Resource, frozenset[Action]]] = {
    Role.manager: {
        **_OWN_KEYS,
        Resource.clients: _ALL - {Action.delete},
        Resource.client_managers: frozenset({Action.list, Action.create, Action.delete}),
        Resource.users: frozenset({Action.list, Action.read, Action.create, Action.update}),
        Resource.reps: _ALL - {Action.delete},
        Resource.deals: frozenset({Action.list, Action.read, Action.create, Action.update,
                                   Action.reassign, Action.reopen}),
        Resource.activities: _LOG,
        Resource.imports: frozenset({Action.create}),
        **_HIRING,
        Resource.client_kpis: _READ,
        Resource.rep_kpis: _READ,
        Resource.alarms: _READ | {Action.update},
        Resource.portfolio: _READ,
        Resource.candidates: _RUN | {Action.override},
        Resource.questions: _READ | {Action.create},
        Resource.one_on_ones: _MEETING | {Action.add_agenda},
        Resource.action_items: _RUN,
        Resource.sales_meetings: _MEETING,
        Resource.sales_meeting_attendance: _READ,
        **_ASSESSMENTS_READ,
        Resource.diagnostics: _RECORD,
        Resource.fit_assessments: _RECORD,
        Resource.strategy_reviews: _RECORD,
        Resource.audit: frozenset({Action.list}),
        **_WEBHOOKS,
    },
    Role.owner: {
        **_OWN_KEYS,
        Resource.clients: frozenset({Action.list, Action.read}),
        Resource.client_managers: frozenset({Action.list}),
        Resource.users: frozenset({Action.list, Action.read, Action.create, Action.update}),
        Resource.reps: _ALL - {Action.delete},
        Resource.deals: _READ,
        Resource.activities: _READ,
        Resource.client_kpis: _READ,
        Resource.rep_kpis: _READ,
        Resource.alarms: _READ,
        **_HIRING,
        # The company's one-on-ones without the manager's private notes, and its meetings.
        Resource.one_on_ones: _READ_HISTORY,
        Resource.action_items: _READ,
        Resource.sales_meetings: _READ_HISTORY,
        Resource.sales_meeting_attendance: _READ,
        **_ASSESSMENTS_READ,
        Resource.audit: frozenset({Action.list}),
        **_WEBHOOKS,
    },
    Role.rep: {
        **_OWN_KEYS,
        Resource.users: frozenset({Action.list, Action.read, Action.update}),
        Resource.reps: frozenset({Action.list, Action.read, Action.update}),
        Resource.deals: frozenset({Action.list, Action.read, Action.create, Action.update}),
        Resource.activities: _LOG,
        Resource.rep_kpis: _READ,
        Resource.alarms: _READ,
        # Their own one-on-ones (shared parts): agenda items before the meeting, and ticking
        # off the action items assigned to them; their team's sales meetings.
        Resource.one_on_ones: _READ_HISTORY | {Action.add_agenda},
        Resource.action_items: frozenset({Action.list, Action.read, Action.update}),
        Resource.sales_meetings: _READ,
        **_WEBHOOKS,
    },
}

_CLIENT_FIELDS = frozenset({
    "name", "industry", "annual_revenue", "engagement_model", "service_level",
    "engagement_started_on", "engagement_ended_on", "monthly_fee", "measurement_period",
    "period_revenue_target", "weekly_calls_target", "weekly_proposals_target",
    "weekly_prospecting_hours_target", "pipeline_coverage_floor", "near_term_coverage_floor",
    "min_gross_margin_pct", "timezone", "stage_probabilities", "activity_alarm_weeks",
    "min_deals_for_rates",
})
_REP_FIELDS = frozenset({"full_name", "email", "title", "hire_date", "status", "quota",
                         "motivators"})
_DEAL_FIELDS = frozenset({"name", "account_name", "amount", "gross_margin_pct", "kind", "stage",
                          "forecast_category", "expected_close_on", "proposal_sent_on",
                          "closed_on", "lost_reason", "next_step"})
_ACTIVITY_FIELDS = frozenset({"quantity", "deal_id", "note"})
WRITABLE: dict[tuple[Role, Resource], frozenset[str]] = {
    (Role.manager, Resource.deals): _DEAL_FIELDS | {"rep_id"},
    (Role.rep, Resource.deals): _DEAL_FIELDS,
    (Role.manager, Resource.activities): _ACTIVITY_FIELDS,
    (Role.rep, Resource.activities): _ACTIVITY_FIELDS,
    (Role.manager, Resource.clients): _CLIENT_FIELDS,
    (Role.manager, Resource.reps): _REP_FIELDS,
    (Role.owner, Resource.reps): _REP_FIELDS,
    (Role.rep, Resource.reps): frozenset({"full_name", "title"}),
    (Role.manager, Resource.users): frozenset({"full_name", "is_active", "password"}),
    (Role.owner, Resource.users): frozenset({"full_name", "is_active", "password"}),
    (Role.rep, Resource.users): frozenset({"full_name", "password"}),
    (Role.manager, Resource.one_on_ones): frozenset({"held_on", "agenda", "shared_notes",
                                                     "private_notes", "focus", "deal_ids"}),
    (Role.manager, Resource.action_items): frozenset({"title", "assignee", "due_on", "done"}),
    (Role.rep, Resource.action_items): frozenset({"done"}),
    (Role.manager, Resource.sales_meetings): frozenset({"held_on", "rep_ids", "owner_attended",
                                                        "notes", "decisions"}),
}

# Which logins each role may create (managers come from the CLI).
CREATABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.manager: frozenset({Role.owner, Role.rep}),
    Role.owner: frozenset({Role.rep}),
}


@dataclass(frozen=True)
class TenantPath:
    """How a table reaches its client, and which rows a rep may see of it."""

    client_column: Any
    rep_only: Callable[[Principal], ColumnElement[bool]] | None = None
    shared_when_null: bool = False  # rows without a client (e.g. the default bank) are shared
    also_visible: Callable[[Principal], ColumnElement[bool]] | None = None  # beyond the clients


def _refused_to_reps(principal: Principal) -> ColumnElement[bool]:
    """Hiring rows of the rep's own company stay visible so POLICY answers 403, not 404."""
    return true()


def _own_actions_on_logins(principal: Principal) -> ColumnElement[bool]:
    """A manager also sees what they did to logins, their own included (a manager's login
    belongs to no client)."""
    if not principal.is_manager:
        return false()
    return and_(AuditEntry.entity_type == "user", AuditEntry.actor_id == principal.user_id)


TENANT_PATHS: dict[type[SQLModel], TenantPath] = {
    Client: TenantPath(Client.id, rep_only=lambda p: Client.id == p.client_id),
    ClientManager: TenantPath(ClientManager.client_id),
    Rep: TenantPath(Rep.client_id, rep_only=lambda p: Rep.id == p.rep_id),
    User: TenantPath(User.client_id, rep_only=lambda p: User.id == p.user_id),
    Deal: TenantPath(Deal.client_id, rep_only=lambda p: Deal.rep_id == p.rep_id),
    DealChange: TenantPath(DealChange.client_id, rep_only=lambda p: DealChange.deal_id.in_(
        select(Deal.id).where(Deal.rep_id == p.rep_id))),
    Activity: TenantPath(Activity.client_id, rep_only=lambda p: Activity.rep_id == p.rep_id),
    Candidate: TenantPath(Candidate.client_id, rep_only=_refused_to_reps),
    Question: TenantPath(Question.client_id, rep_only=_refused_to_reps, shared_when_null=True),
    Interview: TenantPath(Interview.client_id, rep_only=_refused_to_reps),
    Scorecard: TenantPath(Scorecard.client_id, rep_only=_refused_to_reps),
    ScorecardAmendment: TenantPath(ScorecardAmendment.client_id),
    AlarmState: TenantPath(AlarmState.client_id),
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
    # Managers read their clients' entries, owners their company's; reps none (POLICY).
    AuditEntry: TenantPath(AuditEntry.client_id, also_visible=_own_actions_on_logins),
}


# Tables that belong to one login rather than to a client: the owner's rows only.
OWNED_BY_USER: dict[type[SQLModel], Any] = {ApiKey: ApiKey.user_id}


def load_principal(session: Session, settings: Settings, token: str | None,
                   api_key: str | None = None) -> Principal:
    """Verify the credential and build the caller from its user's current row: an API key
    (X-API-Key, or a bearer token shaped `fsm_...`) acts as its user with the same scope."""
    credential = api_key or token
    if not credential:
        raise Unauthorized("Send an access token (Authorization: Bearer <token>) or an API key "
                           "(X-API-Key: <key>).")
    if is_api_key(credential):
        key = authenticate_api_key(session, credential)
        user = session.get(User, key.user_id)
        if user is None or not user.is_active:
            raise Unauthorized("The API key's user is deactivated.")
        return replace(principal_for_user(session, user), api_key_id=key.id)
    claims = decode_access_token(settings, credential, now=now_of(session))
    user = session.get(User, claims.user_id)
    if user is None or not user.is_active or user.role != claims.role:
        raise Unauthorized("The access token's user is unknown or deactivated.")
    return principal_for_user(session, user)


def principal_for_user(session: Session, user: User) -> Principal:
    """The scope of an active user: the clients it may see and, for a rep, its rep row."""
    role = Role(user.role)
    if role is Role.manager:
        rows = session.exec(select(ClientManager.client_id).where(ClientManager.user_id == user.id))
        return Principal(user.id, user.email, role, frozenset(rows.all()))
    rep_id = None
    if role is Role.rep:
        rep_id = session.exec(select(Rep.id).where(Rep.user_id == user.id)).first()
    client_ids = frozenset({user.client_id}) if user.client_id else frozenset()
    return Principal(user.id, user.email, role, client_ids, user.client_id, rep_id)


def authorize(principal: Principal, resource: Resource, action: Action) -> None:
    """403 unless the role may do this action on this resource."""
    if action not in POLICY.get(principal.role, {}).get(resource, frozenset()):
        raise Forbidden(f"A {principal.role} may not {action} {resource}.")


def scoped_select(principal: Principal, model: type[T]) -> SelectOfScalar[T]:
    """SELECT of the rows of `model` the principal may see; default deny."""
    path = TENANT_PATHS.get(model)
    if path is None:
        return select(model).where(false())
    visible = path.client_column.in_(principal.client_ids)
    if path.shared_when_null:
        visible = or_(visible, path.client_column.is_(None))
    if path.also_visible is not None:
        visible = or_(visible, path.also_visible(principal))
    stmt = select(model).where(visible)
    if principal.role is Role.rep:
        stmt = stmt.where(path.rep_only(principal) if path.rep_only else false())
    return stmt


def owned_select(principal: Principal, model: type[T]) -> SelectOfScalar[T]:
    """SELECT of the caller's own rows of a per-login table (e.g. API keys); default deny."""
    column = OWNED_BY_USER.get(model)
    if column is None:
        return select(model).where(false())
    return select(model).where(column == principal.user_id)


def check_session_login(principal: Principal, what: str) -> None:
    """403 when the caller came with an API key: a leaked key must not mint more keys."""
    if principal.api_key_id is not None:
        raise Forbidden(f"Log in with your password to {what}; an API key may not.")


def get_scoped(session: Session, principal: Principal, model: type[T], obj_id: uuid.UUID,
               *, resource: Resource, action: Action, for_update: bool = False) -> T:
    """The row if the principal may see it (else 404) and may do `action` on it (else 403)."""
    stmt = scoped_select(principal, model).where(model.id == obj_id)
    if for_update:
        stmt = stmt.with_for_update()
    obj = session.exec(stmt).first()
    if obj is None:
        raise NotFound(f"No {resource.rstrip('s').replace('_', ' ')} with id {obj_id}.")
    authorize(principal, resource, action)
    return obj


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


def check_writable(principal: Principal, resource: Resource, fields: Iterable[str]) -> None:
    """403 naming every field the role may not write on this resource."""
    allowed = WRITABLE.get((principal.role, resource), frozenset())
    if principal.api_key_id is not None:  # a leaked key must not take over logins
        allowed -= {"password"}
    refused = sorted(set(fields) - allowed)
    if refused:
        raise Forbidden(f"A {principal.role} may not change {', '.join(refused)} of {resource}.",
                        fields=refused)


def check_user_target(principal: Principal, target: User) -> None:
    """Which logins a role may change: everyone their own; managers their clients' owners
    and reps; owners their company's reps."""
    if target.id == principal.user_id:
        return
    if principal.role is Role.manager:
        allowed = target.role in (Role.owner, Role.rep)
    else:
        allowed = principal.role is Role.owner and target.role == Role.rep
    if not allowed:
        raise Forbidden(f"A {principal.role} may not change this {target.role}'s login.")


def check_creatable_role(principal: Principal, role: Role) -> None:
    """403 unless the principal may create logins of this role."""
    if role not in CREATABLE_ROLES.get(principal.role, frozenset()):
        raise Forbidden(f"A {principal.role} may not create {role} logins.")


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


def check_interviewer(principal: Principal, interview: Interview) -> None:
    """Only an interview's own interviewer writes its scorecard."""
    if interview.interviewer_id != principal.user_id:
        raise Forbidden("Only the interviewer writes this interview's scorecard.")


def blind_scorecards(principal: Principal, *, pending_own: bool) -> ColumnElement[bool]:
    """Which scorecards of a candidate the caller may read: never another's draft, and
    none of the others while the caller still has a scorecard of their own to submit."""
    own = Scorecard.interviewer_id == principal.user_id
    if pending_own:
        return own
    return or_(own, Scorecard.submitted_at.is_not(None))


def sees_whole_client(principal: Principal) -> bool:
    """Managers and owners see a client's own figures; a rep's scope holds only their own
    deals and activity, so client-level figures (and their alarms) are not theirs to see."""
    return principal.role is not Role.rep


def owns_private_notes(principal: Principal, one_on_one: OneOnOne) -> bool:
    """Private notes belong to the manager who wrote the one-on-one: nobody else reads them,
    not the owner, the rep or another manager of the client."""
    return principal.is_manager and one_on_one.manager_id == principal.user_id


def check_private_notes_author(principal: Principal, one_on_one: OneOnOne) -> None:
    """403 for anyone but the one-on-one's own manager writing its private notes."""
    if not owns_private_notes(principal, one_on_one):
        raise Forbidden("Only the manager who wrote this one-on-one writes its private notes.",
                        fields=["private_notes"])


def visible_changes(principal: Principal) -> ColumnElement[bool]:
    """History entries of private notes (logged without their text) only for their author."""
    return or_(CoachingChange.field.not_in(MASKED_FIELDS),
               CoachingChange.changed_by == principal.user_id)


def check_agenda_open(principal: Principal, one_on_one: OneOnOne, *, today: date) -> None:
    """A rep adds agenda items only before the meeting (until its day ends)."""
    if principal.role is Role.rep and one_on_one.held_on < today:
        raise Forbidden("A rep adds agenda items only until the day of the meeting.")


def check_action_item_ticker(principal: Principal, item: ActionItem) -> None:
    """A rep ticks off only the action items assigned to the rep, not the manager's."""
    if principal.role is Role.rep and item.assignee != Assignee.rep:
        raise Forbidden("A rep may tick off only the action items assigned to them.")


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


def may_read(principal: Principal, resource: Resource) -> bool:
    """Whether the role may read this kind of record at all (POLICY)."""
    return Action.read in POLICY.get(principal.role, {}).get(resource, frozenset())


def may_receive(principal: Principal, resource: Resource, *, client_id: uuid.UUID,
                rep_id: uuid.UUID | None) -> bool:
    """Whether an event about a record of `resource` reaches this subscriber: the same rules
    as reading it. A client's record for its managers and owner; a rep only their own
    (client-level alarms and hiring never reach a rep)."""
    if not may_read(principal, resource) or client_id not in principal.client_ids:
        return False
    if principal.role is Role.rep:
        return rep_id is not None and rep_id == principal.rep_id
    return True


def system_principal_unscoped(session: Session) -> Principal:
    """A manager's view of every client, for the webhook dispatcher's alarm check only (it
    has no caller); what each subscriber receives is filtered again by `may_receive`."""
    ids = frozenset(session.exec(select(Client.id).where(Client.archived_at.is_(None))).all())
    return Principal(uuid.UUID(int=0), "webhook-dispatcher", Role.manager, ids)
