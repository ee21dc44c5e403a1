"""Every table, imported so that the metadata knows them all."""

from app.models.assessments.diagnostic import Diagnostic
from app.models.assessments.fit_assessment import FitAssessment
from app.models.assessments.strategy_review import StrategyReview
from app.models.coaching.action_item import ActionItem
from app.models.coaching.call_review import CallRating, CallReview
from app.models.coaching.coaching_change import CoachingChange
from app.models.coaching.decision_request import DecisionRequest
from app.models.coaching.improvement_plan import ImprovementPlan
from app.models.coaching.onboarding import OnboardingPlan, OnboardingTemplate
from app.models.coaching.one_on_one import OneOnOne
from app.models.coaching.owner_meeting import OwnerMeeting
from app.models.coaching.sales_meeting import SalesMeeting
from app.models.coaching.training import Training, TrainingAssignment
from app.models.hiring.candidate import Candidate
from app.models.hiring.interview import Interview
from app.models.hiring.question import Question
from app.models.hiring.scorecard import Scorecard, ScorecardAmendment
from app.models.identity.api_key import ApiKey
from app.models.identity.auth import LoginFailure, RefreshToken
from app.models.identity.invitation import Invitation
from app.models.identity.user import User
from app.models.insights.alarm import AlarmState
from app.models.insights.forecast_call import ForecastCall
from app.models.insights.forecast_history import ForecastSnapshot
from app.models.integrations.audit_entry import AuditEntry
from app.models.integrations.idempotency import IdempotencyRecord
from app.models.integrations.webhook import (
    WebhookAlarmState,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from app.models.pipeline.account import Account, Territory, TerritoryRep
from app.models.pipeline.activity import Activity
from app.models.pipeline.deal import Deal
from app.models.pipeline.deal_change import DealChange
from app.models.pipeline.import_job import ImportChunk, ImportJob
from app.models.pipeline.sales_process import SalesProcess
from app.models.practice.client import Client
from app.models.practice.client_manager import ClientManager
from app.models.practice.comp_plan import CompPlan, CompPlanRep
from app.models.practice.rep import Rep
from app.models.practice.targets import RepQuota, RevenueTarget
from app.models.reporting.report import Report

__all__ = ["Account", "ActionItem", "Activity", "AlarmState", "ApiKey", "AuditEntry",
           "CallRating", "CallReview",
           "Candidate", "Client", "ClientManager", "CoachingChange", "CompPlan", "CompPlanRep",
           "RepQuota", "RevenueTarget",
           "Deal", "DealChange",
           "DecisionRequest", "OwnerMeeting",
           "Diagnostic", "FitAssessment", "ForecastCall", "ForecastSnapshot",
           "IdempotencyRecord", "ImportChunk", "ImprovementPlan", "ImportJob", "Interview",
           "Invitation",
           "LoginFailure", "OnboardingPlan", "OnboardingTemplate",
           "OneOnOne", "Question", "RefreshToken", "Rep", "Report",
           "SalesMeeting", "SalesProcess",
           "Scorecard", "ScorecardAmendment", "StrategyReview", "Territory", "TerritoryRep",
           "Training", "TrainingAssignment",
           "User", "WebhookAlarmState", "WebhookDelivery", "WebhookEvent", "WebhookSubscription"]
