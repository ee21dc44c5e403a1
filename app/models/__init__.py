"""Every table, imported so that the metadata knows them all."""

from app.models.action_item import ActionItem
from app.models.activity import Activity
from app.models.alarm import AlarmState
from app.models.api_key import ApiKey
from app.models.audit_entry import AuditEntry
from app.models.auth import LoginFailure, RefreshToken
from app.models.candidate import Candidate
from app.models.client import Client
from app.models.client_manager import ClientManager
from app.models.coaching_change import CoachingChange
from app.models.deal import Deal
from app.models.deal_change import DealChange
from app.models.diagnostic import Diagnostic
from app.models.fit_assessment import FitAssessment
from app.models.idempotency import IdempotencyRecord
from app.models.interview import Interview
from app.models.one_on_one import OneOnOne
from app.models.question import Question
from app.models.rep import Rep
from app.models.sales_meeting import SalesMeeting
from app.models.scorecard import Scorecard, ScorecardAmendment
from app.models.strategy_review import StrategyReview
from app.models.user import User
from app.models.webhook import (
    WebhookAlarmState,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

__all__ = ["ActionItem", "Activity", "AlarmState", "ApiKey", "AuditEntry", "Candidate",
           "Client", "ClientManager", "CoachingChange", "Deal", "DealChange", "Diagnostic",
           "FitAssessment", "IdempotencyRecord", "Interview", "LoginFailure", "OneOnOne",
           "Question", "RefreshToken", "Rep", "SalesMeeting", "Scorecard", "ScorecardAmendment",
           "StrategyReview", "User", "WebhookAlarmState", "WebhookDelivery", "WebhookEvent",
           "WebhookSubscription"]
