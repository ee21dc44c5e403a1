"""Login with lockout, refresh-token rotation with reuse detection, logout."""

import uuid
from datetime import timedelta
from math import ceil

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from app.core.clock import now_of
from app.core.sql import serialize_on
from app.errors import InvalidCredentials, TooManyRequests, Unauthorized
from app.models import LoginFailure, RefreshToken, User
from app.models.identity.token import TokenPair
from app.security import create_access_token, new_opaque_token, token_digest, verify_password
from app.settings import Settings


class RefreshTokenRejected(Unauthorized):
    """A refresh token that was used, revoked or expired; revoking its family must stick."""

    keeps_writes = True


def login(session: Session, settings: Settings, *, email: str, password: str) -> TokenPair:
    """Tokens for a valid email and password; the same 401 for an unknown email, a wrong
    password or a deactivated login; 429 after too many failures in the window."""
    email = email.strip().lower()
    # One login attempt per email at a time across workers, so that parallel guesses can't
    # all slip under the limit.
    serialize_on(session, f"login:{email}")
    now = now_of(session)
    window_start = now - timedelta(minutes=settings.login_window_minutes)
    failures = session.exec(
        select(func.count(), func.min(LoginFailure.failed_at))
        .where(LoginFailure.email == email, LoginFailure.failed_at > window_start)
    ).one()
    if failures[0] >= settings.login_max_failures:
        retry_after = max(1, ceil((failures[1] - window_start).total_seconds()))
        raise TooManyRequests("Too many failed logins for this account; try again later.",
                              headers={"Retry-After": str(retry_after)})
    user = session.exec(select(User).where(User.email == email)).first()
    valid = verify_password(password, user.password_hash if user else None)
    if not valid or user is None or not user.is_active:
        session.add(LoginFailure(email=email, failed_at=now))
        raise InvalidCredentials("Incorrect email or password.")
    session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    user.last_login_at = now
    return _issue(session, settings, user, family_id=uuid.uuid4())


def refresh(session: Session, settings: Settings, *, refresh_token: str) -> TokenPair:
    """Rotate: a refresh token works once; presenting a used one revokes its whole family."""
    now = now_of(session)
    stored = session.exec(
        select(RefreshToken).where(RefreshToken.token_hash == token_digest(refresh_token))
    ).first()
    if stored is None:
        raise Unauthorized("The refresh token is not valid.")
    if stored.used_at or stored.revoked_at:
        _revoke_family(session, stored.family_id)
        raise RefreshTokenRejected("The refresh token was already used; its session is revoked.")
    if stored.expires_at <= now:
        raise Unauthorized("The refresh token has expired; log in again.")
    # Mark it used atomically, so two workers racing with one token cannot both succeed.
    claimed = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == stored.id, RefreshToken.used_at.is_(None),
               RefreshToken.revoked_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        _revoke_family(session, stored.family_id)
        raise RefreshTokenRejected("The refresh token was already used; its session is revoked.")
    user = session.get(User, stored.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The refresh token's user is deactivated.")
    return _issue(session, settings, user, family_id=stored.family_id)


def logout(session: Session, *, refresh_token: str) -> None:
    """Revoke the refresh token and its family; unknown tokens are ignored."""
    stored = session.exec(
        select(RefreshToken).where(RefreshToken.token_hash == token_digest(refresh_token))
    ).first()
    if stored is not None:
        _revoke_family(session, stored.family_id)


def revoke_user_tokens(session: Session, user_id: uuid.UUID, *,
                       keep_session: uuid.UUID | None = None) -> None:
    """End every login session of a user but `keep_session` (on deactivation or a password
    change): their refresh tokens, and with them their access tokens (`sid`)."""
    stmt = update(RefreshToken).where(RefreshToken.user_id == user_id,
                                      RefreshToken.revoked_at.is_(None))
    if keep_session is not None:
        stmt = stmt.where(RefreshToken.family_id != keep_session)
    session.execute(stmt.values(revoked_at=now_of(session)))


def _revoke_family(session: Session, family_id: uuid.UUID) -> None:
    session.execute(update(RefreshToken)
                 .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
                 .values(revoked_at=now_of(session)))


def _issue(session: Session, settings: Settings, user: User, *, family_id: uuid.UUID) -> TokenPair:
    token, now = new_opaque_token(), now_of(session)
    session.add(RefreshToken(
        user_id=user.id, family_id=family_id, token_hash=token_digest(token),
        expires_at=now + timedelta(days=settings.refresh_token_days)))
    session.flush()
    access = create_access_token(settings, user_id=user.id, role=user.role, now=now,
                                 session_id=family_id)
    return TokenPair(access_token=access, expires_in=settings.access_token_minutes * 60,
                     refresh_token=token)
