"""Writing what an import planned: new deals (and their dated history) and activities in
bulk, a thousand rows a statement; updates of existing deals one by one through the same
path as the API, their changes recorded in the history at the time of the import."""

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from app.core.changes import as_read
from app.core.clock import now_of
from app.core.sql import bulk_insert
from app.core.versioning import apply_changes
from app.models import Account, Activity, Client, Deal, DealChange
from app.models.pipeline.deal import DealRead
from app.services.access.principal import Principal
from app.services.pipeline.deals import record_history
from app.services.pipeline.imports.deal_history import deal_and_history, plain
from app.services.pipeline.imports.deal_rows import Create, Update

BATCH = 1000
DEAL_COLUMNS = {c.name for c in Deal.__table__.columns}
ACTIVITY_COLUMNS = {c.name for c in Activity.__table__.columns}


class AccountBook:
    """The client's accounts by name (any case); a name not seen yet becomes an account."""

    def __init__(self, session: Session, client: Client) -> None:
        self.session, self.client = session, client
        self.ids = {name.lower(): account_id for account_id, name in session.execute(
            select(Account.id, Account.name).where(Account.client_id == client.id))}

    def id_of(self, name: str) -> uuid.UUID:
        key = name.strip().lower()
        if key not in self.ids:
            account = Account(client_id=self.client.id, name=name.strip())
            self.session.add(account)
            self.session.flush()
            self.ids[key] = account.id
        return self.ids[key]


class DealWriter:
    """Collects plans and writes them a batch at a time; counts what it did."""

    def __init__(self, session: Session, principal: Principal, client: Client) -> None:
        self.session, self.principal, self.client = session, principal, client
        self.accounts = AccountBook(session, client)
        self.now = now_of(session)
        self.deals: list[dict[str, Any]] = []
        self.changes: list[dict[str, Any]] = []
        self.created = self.updated = self.unchanged = 0

    def add(self, plan: Create | Update) -> None:
        if isinstance(plan, Update):
            self._update(plan)
            return
        if plan.values.get("account_name") and not plan.values.get("account_id"):
            plan.values["account_id"] = self.accounts.id_of(plan.values["account_name"])
        row, history = deal_and_history(plan.values, plan.created_on, client_id=self.client.id,
                                        zone=self.client.timezone,
                                        changed_by=self.principal.user_id, now=self.now)
        self.deals.append({k: v for k, v in row.items() if k in DEAL_COLUMNS})
        self.changes += history
        self.created += 1
        if len(self.deals) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.deals:
            bulk_insert(self.session, Deal.__table__, self.deals)
            bulk_insert(self.session, DealChange.__table__, self.changes)
        self.deals, self.changes = [], []

    def _update(self, plan: Update) -> None:
        if not plan.changes:
            self.unchanged += 1
            return
        deal = plan.deal
        name = plan.changes.get("account_name")
        if name and "account_id" not in plan.changes:
            plan.changes["account_id"] = self.accounts.id_of(name)
        before = as_read(deal, DealRead)
        apply_changes(deal, plan.changes)
        self.session.flush()
        record_history(self.session, self.principal, deal, before)
        self.updated += 1


class ActivityWriter:
    """New activity rows in bulk, entered on the day they describe (18:00 in the client's
    zone) so imported history reads as entered in time; upserts change the quantity."""

    def __init__(self, session: Session, principal: Principal, client: Client) -> None:
        self.session, self.principal, self.client = session, principal, client
        self.rows: list[dict[str, Any]] = []
        self.created = self.updated = self.unchanged = 0

    def add(self, values: dict[str, Any], entered_at: datetime,
            existing: Activity | None) -> None:
        if existing is not None:
            changes = {k: v for k, v in values.items()
                       if k in ("quantity", "note", "deal_id") and getattr(existing, k) != v}
            if not changes:
                self.unchanged += 1
                return
            apply_changes(existing, changes)
            self.session.flush()
            self.updated += 1
            return
        self.rows.append({k: plain(v) for k, v in values.items() if k in ACTIVITY_COLUMNS}
                         | {"id": uuid.uuid4(), "client_id": self.client.id, "version": 1,
                            "created_at": entered_at, "updated_at": entered_at})
        self.created += 1
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            bulk_insert(self.session, Activity.__table__, self.rows)
        self.rows = []
