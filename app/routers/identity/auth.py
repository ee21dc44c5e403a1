"""/api/v1/auth: tokens."""

from typing import Annotated

from fastapi import APIRouter, Form, status

from app.models.identity.token import RefreshRequest, TokenPair
from app.models.identity.user import MAX_PASSWORD_CHARS
from app.openapi import Tag, problems
from app.routers.deps import AppRoute, NoStore, SessionDep, SettingsDep
from app.services.identity import auth

router = APIRouter(route_class=AppRoute, prefix="/auth", tags=[Tag.auth])


@router.post("/token", name="token", summary="Log in with email and password",
             response_model=TokenPair, responses=problems(401, 422, 429),
             dependencies=[NoStore])
def token(session: SessionDep, settings: SettingsDep,
          username: Annotated[str, Form(max_length=254, pattern=r"^[^\x00]*$",
                                        description="Your email.")],
          password: Annotated[str, Form(max_length=MAX_PASSWORD_CHARS,
                                        pattern=r"^[^\x00]*$")]) -> TokenPair:
    """OAuth2 password flow (the Authorize button in /docs uses it): access and refresh token."""
    return auth.login(session, settings, email=username, password=password)


@router.post("/refresh", name="refresh", summary="Rotate a refresh token",
             response_model=TokenPair, responses=problems(401, 422), dependencies=[NoStore])
def refresh(session: SessionDep, settings: SettingsDep, body: RefreshRequest) -> TokenPair:
    """A new token pair; the refresh token sent is used up, and reusing it revokes its family."""
    return auth.refresh(session, settings, refresh_token=body.refresh_token)


@router.post("/logout", name="logout", summary="Revoke a refresh token",
             status_code=status.HTTP_204_NO_CONTENT, responses=problems(422))
def logout(session: SessionDep, body: RefreshRequest) -> None:
    """Revoke the refresh token (and the rest of its family); unknown tokens are ignored."""
    auth.logout(session, refresh_token=body.refresh_token)
