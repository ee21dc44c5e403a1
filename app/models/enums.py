"""Fixed vocabularies shared by models and services."""

from enum import StrEnum


class Role(StrEnum):
    manager = "manager"
    owner = "owner"
    rep = "rep"


class EngagementModel(StrEnum):
    management_only = "management_only"
    complete_department = "complete_department"


class ServiceLevel(StrEnum):
    part_time_sales_manager = "part_time_sales_manager"
    fractional_cro = "fractional_cro"
    fractional_cso = "fractional_cso"
    interim = "interim"


class MeasurementPeriod(StrEnum):
    month = "month"
    quarter = "quarter"


class SalesRole(StrEnum):
    """What a rep's seat is for; activity targets can differ by it."""

    account_executive = "account_executive"
    sdr = "sdr"  # sales development: calls and prospecting, no proposals
    account_manager = "account_manager"


class RepStatus(StrEnum):
    active = "active"
    on_plan = "on_plan"
    exited = "exited"


class Motivator(StrEnum):
    achievement = "achievement"
    competition = "competition"
    teamwork = "teamwork"
    recognition = "recognition"
    money = "money"
    helping_people = "helping_people"
    autonomy = "autonomy"
    security = "security"


class DealKind(StrEnum):
    new_business = "new_business"
    upsell = "upsell"
    cross_sell = "cross_sell"
    renewal = "renewal"


class Stage(StrEnum):
    prospecting = "prospecting"
    discovery = "discovery"
    proposal = "proposal"
    negotiation = "negotiation"
    closed_won = "closed_won"
    closed_lost = "closed_lost"

    @property
    def is_closed(self) -> bool:
        return self in (Stage.closed_won, Stage.closed_lost)


class DealStatus(StrEnum):
    """A filter: open (prospecting to negotiation) or closed (won or lost)."""

    open = "open"
    closed = "closed"


class Owner(StrEnum):
    """A filter on whose records: `me`, the caller's own."""

    me = "me"


OPEN_STAGES = (Stage.prospecting, Stage.discovery, Stage.proposal, Stage.negotiation)
# Stages at or past the proposal: a deal reaching one has had a proposal sent.
PROPOSAL_OR_LATER = (Stage.proposal, Stage.negotiation, Stage.closed_won)


class ForecastCategory(StrEnum):
    pipeline = "pipeline"
    best_case = "best_case"
    commit = "commit"
    omitted = "omitted"
    closed = "closed"


class LeadSource(StrEnum):
    inbound = "inbound"
    outbound = "outbound"
    referral = "referral"
    partner = "partner"
    existing_customer = "existing_customer"
    other = "other"


class LostReason(StrEnum):
    stall = "stall"
    competition = "competition"
    price_terms = "price_terms"
    no_decision = "no_decision"
    bad_fit = "bad_fit"
    other = "other"


class ActivityKind(StrEnum):
    call = "call"
    meeting = "meeting"
    proposal = "proposal"
    prospecting = "prospecting"


class CandidateStatus(StrEnum):
    applied = "applied"
    screening = "screening"
    interviewing = "interviewing"
    offer = "offer"
    hired = "hired"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Competency(StrEnum):
    prospecting = "prospecting"
    closing = "closing"
    resilience = "resilience"
    coachability = "coachability"
    teamwork = "teamwork"
    competitiveness = "competitiveness"
    initiative = "initiative"
    integrity = "integrity"


class InterviewKind(StrEnum):
    phone_screen = "phone_screen"
    behavioural = "behavioural"
    panel = "panel"
    ride_along = "ride_along"


class RedFlag(StrEnum):
    evasive_language = "evasive_language"
    backpedalled = "backpedalled"
    glossed_over = "glossed_over"
    inconsistent = "inconsistent"


class Rating(StrEnum):
    strong_no = "strong_no"
    no = "no"
    yes = "yes"
    strong_yes = "strong_yes"


class CoachingFocus(StrEnum):
    """What a one-on-one worked on (docs/domain.md, "Coaching: one-on-ones and sales meetings")."""

    pipeline_review = "pipeline_review"
    pre_call_planning = "pre_call_planning"
    on_call_support = "on_call_support"
    post_call_debrief = "post_call_debrief"
    skills = "skills"
    motivation = "motivation"
    personal = "personal"


class Assignee(StrEnum):
    """Who owns an action item: a one-on-one's rep or manager, an owner meeting's owner or
    manager."""

    rep = "rep"
    manager = "manager"
    owner = "owner"


class AttentionReason(StrEnum):
    """Why a deal belongs on the next one-on-one's agenda."""

    slipped = "slipped"
    stale = "stale"
    commit_closing_soon = "commit_closing_soon"
    overdue = "overdue"
