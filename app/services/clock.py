"""Dates as a client sees them: 'today' is in the client's time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.models import Client
from app.models.base import utcnow


def client_today(client: Client, *, now: datetime | None = None) -> date:
    """Today's date in the client's time zone."""
    return (now or utcnow()).astimezone(ZoneInfo(client.timezone)).date()
