"""Every table, imported so that the metadata knows them all."""

from app.models.activity import Activity
from app.models.alarm import AlarmState
from app.models.auth import LoginFailure, RefreshToken
from app.models.candidate import Candidate
from app.models.client import Client
from app.models.client_manager import ClientManager
from app.models.deal import Deal
from app.models.deal_change import DealChange
from app.models.diagnostic import Diagnostic
from app.models.fit_assessment import FitAssessment
from app.models.interview import Interview
from app.models.question import Question
from app.models.rep import Rep
from app.models.scorecard import Scorecard, ScorecardAmendment
from app.models.strategy_review import StrategyReview
from app.models.user import User

__all__ = ["Activity", "AlarmState", "Candidate", "Client", "ClientManager", "Deal", "DealChange",
           "Diagnostic", "FitAssessment", "Interview", "LoginFailure", "Question",
           "RefreshToken", "Rep", "Scorecard", "ScorecardAmendment", "StrategyReview", "User"]
