"""Plain factory functions that write rows through the test's session."""

import uuid
from decimal import Decimal
from functools import lru_cache

from sqlmodel import Session

from app.models import Client, ClientManager, Rep, User
from app.security import hash_password

PASSWORD = "correct-horse-battery"


@lru_cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_client(session: Session, *, managers: list[User] = (), **fields) -> Client:
    values = {"name": f"Client {uuid.uuid4().hex[:6]}",
              "period_revenue_target": Decimal("100000")} | fields
    client = Client(**values)
    session.add(client)
    session.flush()
    for manager in managers:
        session.add(ClientManager(client_id=client.id, user_id=manager.id))
    session.flush()
    return client


def make_user(session: Session, *, role: str, client: Client | None = None,
              email: str | None = None, **fields) -> User:
    user = User(email=email or f"{role}.{uuid.uuid4().hex[:8]}@test.example", role=role,
                client_id=client.id if client else None, password_hash=password_hash(),
                full_name=fields.pop("full_name", role.title()), **fields)
    session.add(user)
    session.flush()
    return user


def make_rep(session: Session, client: Client, **fields) -> Rep:
    values = {"full_name": f"Rep {uuid.uuid4().hex[:6]}", "quota": Decimal("25000")} | fields
    rep = Rep(client_id=client.id, **values)
    session.add(rep)
    session.flush()
    return rep


def make_rep_with_login(session: Session, client: Client, email: str) -> tuple[Rep, User]:
    user = make_user(session, role="rep", client=client, email=email)
    rep = make_rep(session, client, email=email, user_id=user.id)
    return rep, user
