"""Every table, imported so that the metadata knows them all."""

from app.models.activity import Activity
from app.models.auth import LoginFailure, RefreshToken
from app.models.client import Client
from app.models.client_manager import ClientManager
from app.models.deal import Deal
from app.models.deal_change import DealChange
from app.models.rep import Rep
from app.models.user import User

__all__ = ["Activity", "Client", "ClientManager", "Deal", "DealChange", "LoginFailure",
           "RefreshToken", "Rep", "User"]
