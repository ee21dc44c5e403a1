"""Accounts (the companies a client sells to) and territories (how a client splits them
among its reps)."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import IdMixin, Schema, TimestampsMixin, link_list, link_rows


class AccountStatus(StrEnum):
    prospect = "prospect"
    customer = "customer"
    divest = "divest"  # served no longer


ACCOUNT_EXAMPLE = {"client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "name": "Northwind Foods",
                   "territory_id": None, "owner_rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88",
                   "status": "customer"}


class Territory(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "territories"
    __table_args__ = (UniqueConstraint("client_id", "name", name="uq_territories_client_id_name"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    name: str = SQLField(max_length=100)
    rep_links: list["TerritoryRep"] = link_rows("TerritoryRep")


class TerritoryRep(SQLModel, table=True):
    __tablename__ = "territory_reps"
    territory_id: uuid.UUID = SQLField(foreign_key="territories.id", primary_key=True)
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id", primary_key=True, index=True)
    position: int = 0


Territory.rep_ids = link_list("rep_links", "rep_id", lambda i: TerritoryRep(rep_id=i))


class Account(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("client_id", "name", name="uq_accounts_client_id_name"),
                      Index("ix_accounts_client_id_owner_rep_id", "client_id", "owner_rep_id"))
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    name: str = SQLField(max_length=200)
    territory_id: uuid.UUID | None = SQLField(default=None, foreign_key="territories.id")
    owner_rep_id: uuid.UUID | None = SQLField(default=None, foreign_key="reps.id")
    status: str = SQLField(default=AccountStatus.prospect.value, sa_type=String(16))


class TerritoryCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Midwest", "rep_ids": ["0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"]}]})
    name: str = Field(min_length=1, max_length=100)
    rep_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50,
                                     description="The client's reps who work it.")


class TerritoryUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"rep_ids": ["0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"]}]})
    name: str | None = Field(default=None, min_length=1, max_length=100)
    rep_ids: list[uuid.UUID] | None = Field(default=None, max_length=50)


class TerritoryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "client_id": ACCOUNT_EXAMPLE["client_id"],
        "name": "Midwest", "rep_ids": [ACCOUNT_EXAMPLE["owner_rep_id"]], "version": 1,
        "created_at": "2026-12-01T10:00:00Z", "updated_at": "2026-12-01T10:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    name: str
    rep_ids: list[uuid.UUID]
    version: int
    created_at: datetime
    updated_at: datetime


class AccountCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ACCOUNT_EXAMPLE]})
    client_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)
    territory_id: uuid.UUID | None = None
    owner_rep_id: uuid.UUID | None = None
    status: AccountStatus = AccountStatus.prospect


class AccountUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "customer", "owner_rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"}]})
    name: str | None = Field(default=None, min_length=1, max_length=200)
    territory_id: uuid.UUID | None = None
    owner_rep_id: uuid.UUID | None = None
    status: AccountStatus | None = None


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", **ACCOUNT_EXAMPLE, "version": 1,
        "created_at": "2026-12-01T10:00:00Z", "updated_at": "2026-12-01T10:00:00Z"}]})
    id: uuid.UUID
    client_id: uuid.UUID
    name: str
    territory_id: uuid.UUID | None
    owner_rep_id: uuid.UUID | None
    status: AccountStatus
    version: int
    created_at: datetime
    updated_at: datetime


class ConflictRep(BaseModel):
    rep_id: uuid.UUID
    full_name: str
    open_deals: int


class AccountConflict(BaseModel):
    account_id: uuid.UUID
    name: str
    owner_rep_id: uuid.UUID | None
    reps: list[ConflictRep] = Field(description="The reps holding its open deals.")


class AccountConflicts(BaseModel):
    client_id: uuid.UUID
    items: list[AccountConflict]
