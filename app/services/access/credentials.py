"""Authenticating with an API key: the key's row, or 401; `last_used_at` kept roughly current."""

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from app.core.clock import now_of
from app.errors import InvalidToken
from app.models import ApiKey
from app.security import token_digest

# Record a use at most this often per key, so that a busy key doesn't write on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


def authenticate_api_key(session: Session, key: str) -> ApiKey:
    """The live key (not revoked, not expired) whose digest matches, else 401."""
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == token_digest(key))).first()
    if row is None or row.revoked_at is not None:
        raise InvalidToken("The API key is not valid or has been revoked.")
    now = now_of(session)
    if row.expires_at is not None and row.expires_at <= now:
        raise InvalidToken("The API key has expired; create a new one.", expired=True)
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_INTERVAL:
        _touch(session, row, now)
    return row


def _touch(session: Session, row: ApiKey, now: datetime) -> None:
    # SKIP LOCKED (PostgreSQL; SQLite holds one writer anyway): when a parallel request of the
    # same key is already recording its use, don't wait on its row lock, just skip.
    stale = or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - TOUCH_INTERVAL)
    claimable = (select(ApiKey.id).where(ApiKey.id == row.id, stale)
                 .with_for_update(skip_locked=True))
    session.execute(update(ApiKey).where(ApiKey.id.in_(claimable)).values(last_used_at=now)
                    .execution_options(synchronize_session=False))
