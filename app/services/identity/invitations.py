"""Invitations to a login: who may invite whom (as for creating logins, and a manager also a
second manager), a token shown once and kept only as its SHA-256, an expiry 7 days out by
the unit of work's clock, revoking, and accepting: the login is created with the invitee's
password, linked to its rep, and signed in."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_
from sqlmodel import Session, col, select

from app.core.clock import now_of
from app.core.filters import where_equal
from app.core.pagination import Page, PageRequest, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, Gone, NotFound, invalid_field
from app.models import ClientManager, Invitation, Rep, User
from app.models.enums import Role
from app.models.identity.invitation import (
    ACCEPT_PATH,
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    InvitationRead,
    InvitationStatus,
)
from app.models.identity.token import TokenPair
from app.security import hash_password, new_opaque_token, token_digest
from app.services.access.policy import Action, Resource, authorize, check_invitable_role
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select
from app.services.identity import auth
from app.services.identity.users import rep_to_link
from app.settings import Settings

EXPIRES_AFTER = timedelta(days=7)
S = InvitationStatus


@dataclass(frozen=True)
class Sent:
    """A new invitation and its token (the token exists only here, never stored)."""

    invitation: Invitation
    token: str

    @property
    def accept_url(self) -> str:
        return ACCEPT_PATH.format(token=self.token)


def create_invitation(session: Session, principal: Principal,
                      data: InvitationCreate) -> InvitationCreated:
    """Invite a login: managers their clients' owners and reps and other managers, owners
    their company's reps. The answer carries the token, once."""
    sent = invite(session, principal, data)
    return InvitationCreated.model_validate(
        read(session, sent.invitation).model_dump()
        | {"token": sent.token, "accept_url": sent.accept_url})


def invite(session: Session, principal: Principal, data: InvitationCreate) -> Sent:
    """Check and store an invitation (for creating one directly, and for a hire's rep)."""
    authorize(principal, Resource.invitations, Action.create)
    check_invitable_role(principal, data.role)
    if data.client_id is None and data.role is not Role.manager:
        raise invalid_field("client_id", "An owner or rep login belongs to a client.")
    if data.client_id is not None:
        require_client_in_scope(principal, data.client_id)
    rep = _rep_to_invite(session, principal, data)
    _refuse_taken_email(session, data.email)
    now = now_of(session)
    pending = session.exec(select(Invitation.id).where(*_status_is(S.pending, now),
                                                       Invitation.email == data.email)).first()
    if pending is not None:
        raise Conflict(f"{data.email} has a pending invitation already; revoke it first.",
                       invitation_id=str(pending))
    token = new_opaque_token()
    invitation = Invitation(email=data.email, role=data.role, client_id=data.client_id,
                            rep_id=data.rep_id,
                            full_name=data.full_name or (rep.full_name if rep else ""),
                            token_hash=token_digest(token), expires_at=now + EXPIRES_AFTER,
                            invited_by=principal.user_id, created_at=now, updated_at=now)
    session.add(invitation)
    session.flush()
    return Sent(invitation, token)


def list_invitations(session: Session, principal: Principal, page: PageRequest, *,
                     status: InvitationStatus | None = None,
                     client_id: uuid.UUID | None = None) -> Page[InvitationRead]:
    """The invitations the caller may see, newest first (never their tokens)."""
    authorize(principal, Resource.invitations, Action.list)
    stmt = where_equal(scoped_select(principal, Invitation), (Invitation.client_id, client_id))
    if status is not None:
        stmt = stmt.where(*_status_is(status, now_of(session)))
    found = paginate(session, stmt, Invitation, page)
    return Page(items=[read(session, i) for i in found.items], next_cursor=found.next_cursor)


def get_invitation(session: Session, principal: Principal,
                   invitation_id: uuid.UUID) -> InvitationRead:
    """One invitation the caller may see (never its token)."""
    invitation = get_scoped(session, principal, Invitation, invitation_id,
                            resource=Resource.invitations, action=Action.read)
    return read(session, invitation)


def revoke_invitation(session: Session, principal: Principal,
                      invitation_id: uuid.UUID) -> InvitationRead:
    """Withdraw a pending invitation (one the caller could have sent); its token stops
    working at once. An accepted one is 409; revoking twice answers the same."""
    invitation = get_scoped(session, principal, Invitation, invitation_id,
                            resource=Resource.invitations, action=Action.update,
                            for_update=True)
    check_invitable_role(principal, Role(invitation.role))
    if invitation.accepted_at is not None:
        raise Conflict("This invitation was accepted already; deactivate the login instead.")
    if invitation.revoked_at is None:
        apply_changes(invitation, {"revoked_at": now_of(session)})
        session.flush()
    return read(session, invitation)


def accept_invitation(session: Session, settings: Settings, token: str,
                      data: InvitationAccept) -> TokenPair:
    """Create the invited login with the invitee's password and sign it in: 404 for an
    unknown token, 410 once used, revoked or expired, 409 when the email has a login or the
    rep has one already. All or nothing."""
    invitation = session.exec(select(Invitation).where(
        Invitation.token_hash == token_digest(token)).with_for_update()).first()
    if invitation is None:
        raise NotFound("No invitation with this token.")
    status = status_of(invitation, now_of(session))
    if status is not S.pending:
        raise Gone({S.accepted: "This invitation was used already; log in instead.",
                    S.revoked: "This invitation was revoked; ask for a new one.",
                    S.expired: "This invitation has expired; ask for a new one."}[status])
    _refuse_taken_email(session, invitation.email)
    rep = None
    if invitation.rep_id is not None:
        rep = session.get(Rep, invitation.rep_id)
        if rep is None or rep.user_id is not None or rep.archived_at is not None:
            raise Conflict("The rep this invitation is for has a login already or is "
                           "archived; ask for a new invitation.")
    user = User(email=invitation.email, role=invitation.role, client_id=_login_client(invitation),
                full_name=data.full_name if data.full_name is not None else invitation.full_name,
                password_hash=hash_password(data.password))
    session.add(user)
    session.flush()
    if rep is not None:
        apply_changes(rep, {"user_id": user.id})
    if invitation.role == Role.manager and invitation.client_id is not None:
        session.add(ClientManager(client_id=invitation.client_id, user_id=user.id))
    apply_changes(invitation, {"accepted_at": now_of(session), "accepted_user_id": user.id})
    session.flush()
    return auth.login(session, settings, email=user.email, password=data.password)


def read(session: Session, invitation: Invitation) -> InvitationRead:
    """The invitation as answered, with its status by the unit of work's clock."""
    return InvitationRead.model_validate(
        invitation, update={"status": status_of(invitation, now_of(session))})


def status_of(invitation: Invitation, now: datetime) -> InvitationStatus:
    """Revoked or accepted once so, else expired from `expires_at` on, else pending."""
    if invitation.revoked_at is not None:
        return S.revoked
    if invitation.accepted_at is not None:
        return S.accepted
    return S.expired if invitation.expires_at <= now else S.pending


def _status_is(status: InvitationStatus, now: datetime) -> list:
    """The same rule as `status_of`, as SQL conditions."""
    open_ = and_(col(Invitation.revoked_at).is_(None), col(Invitation.accepted_at).is_(None))
    return {S.revoked: [col(Invitation.revoked_at).is_not(None)],
            S.accepted: [col(Invitation.revoked_at).is_(None),
                         col(Invitation.accepted_at).is_not(None)],
            S.expired: [open_, Invitation.expires_at <= now],
            S.pending: [open_, Invitation.expires_at > now]}[status]


def email_is_free(session: Session, email: str) -> bool:
    """Whether this email has neither a login nor a pending invitation."""
    taken = session.exec(select(User.id).where(User.email == email)).first()
    return taken is None and session.exec(select(Invitation.id).where(
        Invitation.email == email, *_status_is(S.pending, now_of(session)))).first() is None


def _login_client(invitation: Invitation) -> uuid.UUID | None:
    """A manager's login belongs to no client (their clients are assignments)."""
    return None if invitation.role == Role.manager else invitation.client_id


def _refuse_taken_email(session: Session, email: str) -> None:
    if session.exec(select(User.id).where(User.email == email)).first():
        raise Conflict(f"A login with email {email} already exists.")


def _rep_to_invite(session: Session, principal: Principal,
                   data: InvitationCreate) -> Rep | None:
    rep = rep_to_link(session, principal, data.role, data.rep_id, data.client_id)
    if rep is None:
        return None
    taken = session.exec(select(Invitation.id).where(
        Invitation.rep_id == rep.id, *_status_is(S.pending, now_of(session)))).first()
    if taken is not None:
        raise Conflict("That rep has a pending invitation already; revoke it first.",
                       invitation_id=str(taken))
    return rep

