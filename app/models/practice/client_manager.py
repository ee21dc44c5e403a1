"""Which managers are assigned to which clients."""

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import Schema, Stamped
from app.models.identity.user import Email


class ClientManager(SQLModel, table=True):
    __tablename__ = "client_managers"
    client_id: uuid.UUID = Field(foreign_key="clients.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, index=True)
    created_at: datetime = Stamped()


class ClientManagerAssign(Schema):
    """Assign another manager of the practice, by their login email."""

    email: Email = Field(schema_extra={"examples": ["second.manager@demo.example"]})


class ClientManagerRead(Schema):
    user_id: uuid.UUID
    email: str
    full_name: str
    assigned_at: datetime
