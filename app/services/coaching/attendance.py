"""The owner's attendance of the team's sales meetings over the last three months: a figure
of the client (docs/domain.md, "Client fit": owners attend some sales meetings)."""

import calendar
import uuid
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col

from app.core.clock import today_of
from app.errors import NotFound
from app.models import Client, SalesMeeting
from app.models.coaching.sales_meeting import OwnerAttendance
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

WINDOW_MONTHS = 3


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.month - 1 - months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def owner_attendance(session: Session, principal: Principal, client_id: uuid.UUID, *,
                     as_of: date | None = None) -> OwnerAttendance:
    """Meetings held from the same day three months before `as_of` (default: today in the
    client's time zone) through `as_of`, and how many of them the owner attended."""
    client = session.exec(scoped_select(principal, Client).where(Client.id == client_id)).first()
    if client is None:
        raise NotFound(f"No client with id {client_id}.")
    authorize(principal, Resource.sales_meeting_attendance, Action.read)
    end = as_of or today_of(session, client.timezone)
    start = months_before(end, WINDOW_MONTHS)
    held, attended = session.execute(
        scoped_select(principal, SalesMeeting)
        .with_only_columns(func.count(), func.coalesce(func.sum(
            case((col(SalesMeeting.owner_attended).is_(True), 1), else_=0)), 0))
        .where(SalesMeeting.client_id == client.id, col(SalesMeeting.archived_at).is_(None),
               SalesMeeting.held_on >= start, SalesMeeting.held_on <= end)).one()
    return OwnerAttendance(client_id=client.id, window_start=start, window_end=end,
                           meetings_held=held, owner_attended=attended,
                           rate=round(attended / held, 4) if held else None)
