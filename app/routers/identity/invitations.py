"""/api/v1/invitations: invitations to a login, and accepting one (no login needed)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.models.identity.invitation import (
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    InvitationRead,
    InvitationStatus,
)
from app.models.identity.token import TokenPair
from app.models.page import Page
from app.openapi import LIST, READ, Tag, problems
from app.routers.deps import AppRoute, NoStore, PageDep, PrincipalDep, SessionDep, SettingsDep
from app.services.identity import invitations

router = APIRouter(route_class=AppRoute, prefix="/invitations", tags=[Tag.invitations])

InvitationId = Annotated[uuid.UUID, Path(description="The invitation's id.")]


@router.post("", name="create", summary="Invite a login", response_model=InvitationCreated,
             status_code=status.HTTP_201_CREATED, dependencies=[NoStore],
             responses=problems(401, 403, 404, 409, 422))
def create(session: SessionDep, principal: PrincipalDep, body: InvitationCreate):
    """An invitation, valid 7 days and once: managers invite their clients' owners and reps
    and other managers, owners their company's reps. Only this answer shows the token and
    the `accept_url` to send to the invitee."""
    return invitations.create_invitation(session, principal, body)


@router.get("", name="list", summary="List invitations", response_model=Page[InvitationRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          status: Annotated[InvitationStatus | None, Query(
              description="Only invitations in this state.")] = None,
          client_id: Annotated[uuid.UUID | None, Query(
              description="Only invitations to this client.")] = None):
    """The invitations of the caller's clients (and a manager's own to other managers),
    newest first; never their tokens (reps: 403)."""
    return invitations.list_invitations(session, principal, page, status=status,
                                        client_id=client_id)


@router.get("/{invitation_id}", name="get", summary="Get an invitation",
            response_model=InvitationRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, invitation_id: InvitationId):
    """One invitation and its state (never its token)."""
    return invitations.get_invitation(session, principal, invitation_id)


@router.post("/{invitation_id}/revoke", name="revoke", summary="Revoke an invitation",
             response_model=InvitationRead, responses=problems(401, 403, 404, 409))
def revoke(session: SessionDep, principal: PrincipalDep, invitation_id: InvitationId):
    """Its token stops working at once; an accepted invitation is 409."""
    return invitations.revoke_invitation(session, principal, invitation_id)


@router.post("/{token}/accept", name="accept", summary="Accept an invitation",
             response_model=TokenPair, dependencies=[NoStore],
             responses=problems(404, 409, 410, 422))
def accept(session: SessionDep, settings: SettingsDep,
           token: Annotated[str, Path(max_length=128, pattern=r"^[A-Za-z0-9_-]+$",
                                      description="The token from the invitation.")],
           body: InvitationAccept) -> TokenPair:
    """No login needed: creates the invited login with this password (8 characters or
    more) and answers its tokens, as logging in would. 410 once used, revoked or expired;
    409 when a login with the email exists already."""
    return invitations.accept_invitation(session, settings, token, body)
