"""What each role may do with each kind of record (POLICY), which fields it may write
(WRITABLE) and which logins it may create; 403 for what it may not."""

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from app.core.versioning import Versioned, check_if_match, refuse_nulls
from app.errors import Forbidden
from app.models.enums import Role
from app.services.access.principal import Principal


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
    forecasts = "forecasts"
    forecast_calls = "forecast_calls"
    accounts = "accounts"
    territories = "territories"
    sales_processes = "sales_processes"
    reports = "reports"
    owner_meetings = "owner_meetings"
    decision_requests = "decision_requests"
    comp_plans = "comp_plans"
    call_reviews = "call_reviews"
    trainings = "trainings"
    improvement_plans = "improvement_plans"
    earnings = "earnings"
    events = "events"
    targets = "targets"
    quotas = "quotas"
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
    invitations = "invitations"
    onboarding_templates = "onboarding_templates"
    onboarding_plans = "onboarding_plans"


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
# Invitations to logins (update: revoking one); onboarding templates and plans of new reps.
_ONBOARDING = {Resource.invitations: frozenset({Action.list, Action.read, Action.create,
                                                Action.update}),
               Resource.onboarding_templates: frozenset({Action.read, Action.update}),
               Resource.onboarding_plans: frozenset({Action.read, Action.create})}
_LOG = frozenset({Action.list, Action.read, Action.create, Action.update, Action.delete})
_RUN = frozenset({Action.list, Action.read, Action.create, Action.update})
# Hiring is run by the manager and the owner together; reps have no access to it.
_HIRING = {Resource.candidates: _RUN, Resource.questions: _READ, Resource.interviews: _RUN,
           Resource.scorecards: _RUN}
_MEETING = frozenset({Action.list, Action.read, Action.create, Action.update, Action.archive,
                      Action.history})
_READ_HISTORY = _READ | {Action.history}
# Assessments are append-only: managers record them, owners read their company's, reps have
# none (docs/domain.md, "Roles": no assessments of themselves).
_RECORD = frozenset({Action.list, Action.read, Action.create})
# Each user manages their own webhook subscriptions (update: rotating the secret), and reads
# the events feed (each event as its record's readers may).
_WEBHOOKS = {Resource.webhooks: frozenset({Action.list, Action.read, Action.create,
                                           Action.update, Action.delete}),
             Resource.events: frozenset({Action.list})}
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
                                   Action.reassign, Action.reopen, Action.archive}),
        Resource.activities: _LOG,
        Resource.imports: frozenset({Action.create, Action.read}),
        **_HIRING,
        Resource.client_kpis: _READ,
        Resource.rep_kpis: _READ,
        Resource.alarms: _READ | {Action.update},
        Resource.portfolio: _READ,
        Resource.forecasts: _READ,
        Resource.forecast_calls: _RECORD,
        Resource.accounts: _RUN,
        Resource.territories: _RUN,
        Resource.sales_processes: _RUN,
        Resource.reports: _RUN,
        Resource.owner_meetings: _RUN,
        Resource.decision_requests: _RUN,
        Resource.comp_plans: _RUN,
        Resource.earnings: _READ,
        Resource.targets: _RUN,  # proposing; approving where the client lets them
        Resource.quotas: _LOG,
        Resource.call_reviews: _RECORD,
        Resource.trainings: _RUN,
        Resource.improvement_plans: _RUN,
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
        **_ONBOARDING,
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
        Resource.forecasts: _READ,
        Resource.forecast_calls: _READ,
        Resource.accounts: _READ,
        Resource.territories: _READ,
        Resource.sales_processes: _READ,
        Resource.reports: _READ,  # published ones only (reporting.reports)
        Resource.owner_meetings: _READ,
        Resource.decision_requests: _READ | {Action.update},  # answering them
        Resource.comp_plans: _READ,
        Resource.earnings: _READ,
        Resource.targets: _RUN,  # setting and approving the company's
        Resource.quotas: _LOG,
        Resource.call_reviews: _READ,
        Resource.trainings: _RUN,
        Resource.improvement_plans: _READ,
        **_HIRING,
        # The company's one-on-ones without the manager's private notes, and its meetings.
        Resource.one_on_ones: _READ_HISTORY,
        Resource.action_items: _READ | {Action.update},  # ticking off their own
        Resource.sales_meetings: _READ_HISTORY,
        Resource.sales_meeting_attendance: _READ,
        **_ASSESSMENTS_READ,
        Resource.audit: frozenset({Action.list}),
        **_WEBHOOKS,
        **_ONBOARDING,
    },
    Role.rep: {
        **_OWN_KEYS,
        Resource.users: frozenset({Action.list, Action.read, Action.update}),
        Resource.reps: frozenset({Action.list, Action.read, Action.update}),
        Resource.deals: frozenset({Action.list, Action.read, Action.create, Action.update}),
        Resource.activities: _LOG,
        Resource.rep_kpis: _READ,
        Resource.alarms: _READ,
        Resource.forecast_calls: _RECORD,  # their own call; the client's forecast is not theirs
        Resource.accounts: _READ,
        Resource.territories: _READ,
        Resource.sales_processes: _READ,
        Resource.earnings: _READ,  # their own
        Resource.quotas: _READ,  # their own
        Resource.call_reviews: _READ,  # their own
        Resource.trainings: _READ | {Action.update},  # ticking off their own part
        Resource.improvement_plans: _READ,  # their own
        # Their own one-on-ones (shared parts): agenda items before the meeting, and ticking
        # off the action items assigned to them; their team's sales meetings.
        Resource.one_on_ones: _READ_HISTORY | {Action.add_agenda},
        Resource.action_items: frozenset({Action.list, Action.read, Action.update}),
        Resource.sales_meetings: _READ,
        Resource.onboarding_plans: frozenset({Action.read}),  # their own
        **_WEBHOOKS,
    },
}

_CLIENT_FIELDS = frozenset({
    "name", "industry", "annual_revenue", "engagement_model", "service_level",
    "engagement_started_on", "engagement_ended_on", "monthly_fee", "measurement_period",
    "period_revenue_target", "weekly_calls_target", "weekly_proposals_target",
    "weekly_prospecting_hours_target", "pipeline_coverage_floor", "near_term_coverage_floor",
    "min_gross_margin_pct", "timezone", "currency", "stage_probabilities",
    "activity_alarm_weeks",
    "min_deals_for_rates", "alarm_rules", "manager_sets_targets", "role_activity_targets",
})
_REP_FIELDS = frozenset({"full_name", "email", "title", "hire_date", "status", "quota",
                         "motivators", "sales_role", "activity_targets", "ramp_starts_on",
                         "ramp_weeks"})
_DEAL_FIELDS = frozenset({"name", "account_name", "amount", "gross_margin_pct", "kind", "stage",
                          "forecast_category", "expected_close_on", "proposal_sent_on",
                          "closed_on", "lost_reason", "next_step", "external_id", "source",
                          "account_id", "next_step_due_on", "decision_maker", "process_stage"})
_ACTIVITY_FIELDS = frozenset({"quantity", "deal_id", "note"})
WRITABLE: dict[tuple[Role, Resource], frozenset[str]] = {
    (Role.manager, Resource.comp_plans): frozenset({"name", "effective_to"}),
    (Role.owner, Resource.action_items): frozenset({"done"}),
    (Role.manager, Resource.reports): frozenset({"summary", "wins", "concerns",
                                                 "decisions_needed"}),
    (Role.manager, Resource.deals): _DEAL_FIELDS | {"rep_id"},
    (Role.rep, Resource.deals): _DEAL_FIELDS,
    (Role.manager, Resource.activities): _ACTIVITY_FIELDS,
    (Role.rep, Resource.activities): _ACTIVITY_FIELDS,
    (Role.manager, Resource.clients): _CLIENT_FIELDS,
    (Role.manager, Resource.reps): _REP_FIELDS,
    (Role.owner, Resource.reps): _REP_FIELDS,
    (Role.rep, Resource.reps): frozenset({"full_name", "title"}),
    (Role.manager, Resource.users): frozenset({"full_name", "is_active", "password",
                                               "current_password"}),
    (Role.owner, Resource.users): frozenset({"full_name", "is_active", "password",
                                             "current_password"}),
    (Role.rep, Resource.users): frozenset({"full_name", "password", "current_password"}),
    (Role.manager, Resource.one_on_ones): frozenset({"held_on", "agenda", "shared_notes",
                                                     "private_notes", "focus", "deal_ids"}),
    (Role.manager, Resource.action_items): frozenset({"title", "assignee", "due_on", "done"}),
    (Role.rep, Resource.action_items): frozenset({"done"}),
    (Role.manager, Resource.sales_meetings): frozenset({"held_on", "rep_ids", "owner_attended",
                                                        "notes", "decisions"}),
    (Role.manager, Resource.accounts): frozenset({"name", "territory_id", "owner_rep_id",
                                                  "status"}),
    (Role.manager, Resource.territories): frozenset({"name", "rep_ids"}),
}

# Which logins each role may create (managers come from the CLI).
CREATABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.manager: frozenset({Role.owner, Role.rep}),
    Role.owner: frozenset({Role.rep}),
}


# Which logins each role may invite: as CREATABLE_ROLES, and a manager also a second manager
# of the practice (who, on accepting, joins the client named in the invitation).
INVITABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.manager: CREATABLE_ROLES[Role.manager] | {Role.manager},
    Role.owner: CREATABLE_ROLES[Role.owner],
}


def authorize(principal: Principal, resource: Resource, action: Action) -> None:
    """403 unless the role may do this action on this resource."""
    if action not in POLICY.get(principal.role, {}).get(resource, frozenset()):
        raise Forbidden(f"A {principal.role} may not {action} {resource}.")


def check_session_login(principal: Principal, what: str) -> None:
    """403 when the caller came with an API key: a leaked key must not mint more keys."""
    if principal.api_key_id is not None:
        raise Forbidden(f"Log in with your password to {what}; an API key may not.")


def check_writable(principal: Principal, resource: Resource, fields: Iterable[str]) -> None:
    """403 naming every field the role may not write on this resource."""
    allowed = WRITABLE.get((principal.role, resource), frozenset())
    if principal.api_key_id is not None:  # a leaked key must not take over logins
        allowed -= {"password"}
    refused = sorted(set(fields) - allowed)
    if refused:
        raise Forbidden(f"A {principal.role} may not change {', '.join(refused)} of {resource}.",
                        fields=refused)


def check_creatable_role(principal: Principal, role: Role) -> None:
    """403 unless the principal may create logins of this role."""
    if role not in CREATABLE_ROLES.get(principal.role, frozenset()):
        raise Forbidden(f"A {principal.role} may not create {role} logins.")


def check_invitable_role(principal: Principal, role: Role) -> None:
    """403 unless the principal may invite (or revoke invitations of) logins of this role."""
    if role not in INVITABLE_ROLES.get(principal.role, frozenset()):
        raise Forbidden(f"A {principal.role} may not invite {role} logins.")


def may_read(principal: Principal, resource: Resource) -> bool:
    """Whether the role may read this kind of record at all (POLICY)."""
    return Action.read in POLICY.get(principal.role, {}).get(resource, frozenset())


def requested_changes(principal: Principal, resource: Resource, obj: Versioned,
                      data: BaseModel, *, if_match: str | None,
                      nullable: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a PATCH sets, once the role may write each of them (403), none is a
    forbidden null (422) and the client's If-Match is current (412)."""
    changes = data.model_dump(exclude_unset=True)
    check_writable(principal, resource, changes)
    refuse_nulls(changes, nullable=nullable)
    check_if_match(obj, if_match)
    return changes
