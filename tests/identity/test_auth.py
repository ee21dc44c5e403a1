"""/api/v1/auth and the access token: login, lockout, refresh rotation, logout, token checks."""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from jose import jwt

from tests.conftest import TEST_SECRET
from tests.support.factories import PASSWORD

TOKEN_URL = "/api/v1/auth/token"
REFRESH_URL = "/api/v1/auth/refresh"
LOGOUT_URL = "/api/v1/auth/logout"
ME_URL = "/api/v1/me"
PROBLEM = "application/problem+json"
CLAIMS = ("exp", "aud", "iat", "iss", "sub", "jti", "role")


def login(client, email: str, password: str = PASSWORD):
    return client.post(TOKEN_URL, data={"username": email, "password": password})


def tokens(client, email: str) -> dict:
    response = login(client, email)
    assert response.status_code == 200, response.text
    return response.json()


def refresh(client, refresh_token: str):
    return client.post(REFRESH_URL, json={"refresh_token": refresh_token})


def me(client, access_token: str):
    return client.get(ME_URL, headers={"Authorization": f"Bearer {access_token}"})


def claims_for(user, settings, **overrides) -> dict:
    now = datetime.now(UTC)
    claims = {"sub": str(user.id), "role": user.role, "iat": int(now.timestamp()),
              "exp": int((now + timedelta(minutes=5)).timestamp()), "jti": uuid.uuid4().hex,
              "iss": settings.jwt_issuer, "aud": settings.jwt_audience}
    return claims | overrides


def sign(claims: dict, secret: str = TEST_SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    return body


def without_instance(body: dict) -> dict:
    """The problem without what differs per request (its path and request id)."""
    return {key: value for key, value in body.items() if key not in ("instance", "request_id")}


def deactivate(db, user) -> None:
    user.is_active = False
    db.add(user)
    db.flush()


# --- login -------------------------------------------------------------------------------

def test_login_returns_access_and_refresh_tokens(client, world, settings):
    response = login(client, world.manager_a.email)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == settings.access_token_minutes * 60
    assert body["access_token"] and body["refresh_token"]


@pytest.mark.parametrize("who", ["manager_a", "owner_a", "rep_user_a1"])
def test_login_access_token_opens_me_for_each_role(client, world, who):
    user = getattr(world, who)
    response = me(client, tokens(client, user.email)["access_token"])
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user.id)
    assert body["email"] == user.email
    assert body["role"] == user.role


def test_login_email_is_case_insensitive(client, world):
    assert login(client, world.owner_a.email.upper()).status_code == 200


def test_wrong_password_and_unknown_email_answer_identically(client, world):
    wrong = login(client, world.owner_a.email, "not-the-password")
    unknown = login(client, "nobody@nowhere.example", "not-the-password")
    assert_problem(wrong, 401)
    assert_problem(unknown, 401)
    assert wrong.status_code == unknown.status_code
    assert without_instance(wrong.json()) == without_instance(unknown.json())


def test_password_over_1024_characters_is_refused_with_422(client, world):
    body = assert_problem(login(client, world.owner_a.email, "x" * 1025), 422)
    assert isinstance(body["errors"], list) and body["errors"]
    assert any("password" in error["field"] for error in body["errors"])


def test_deactivated_user_cannot_log_in(client, world, db):
    deactivate(db, world.owner_a)
    assert_problem(login(client, world.owner_a.email), 401)


# --- lockout -----------------------------------------------------------------------------

def fail_logins(client, email: str, times: int) -> None:
    for _ in range(times):
        assert login(client, email, "wrong-password").status_code == 401


def test_eleventh_login_after_ten_failures_is_refused_with_429(client, world):
    fail_logins(client, world.owner_a.email, 10)
    response = login(client, world.owner_a.email)  # the right password, still refused
    assert_problem(response, 429)
    assert response.headers["Retry-After"].isdigit()
    assert int(response.headers["Retry-After"]) > 0


def test_lockout_of_one_account_leaves_others_unaffected(client, world):
    fail_logins(client, world.owner_a.email, 10)
    assert login(client, world.owner_a.email).status_code == 429
    assert login(client, world.owner_b.email).status_code == 200


def test_successful_login_resets_failure_count(client, world):
    fail_logins(client, world.owner_a.email, 9)
    assert login(client, world.owner_a.email).status_code == 200
    fail_logins(client, world.owner_a.email, 9)
    assert login(client, world.owner_a.email).status_code == 200


# --- /me ---------------------------------------------------------------------------------

def test_me_of_manager_lists_managed_client_ids(world, as_user):
    body = as_user(world.manager_a).get(ME_URL).json()
    assert body["role"] == "manager"
    assert body["client_id"] is None
    assert body["client_ids"] == [str(world.client_a.id)]
    assert body["rep_id"] is None


def test_me_of_owner_is_scoped_to_its_client(world, as_user):
    body = as_user(world.owner_b).get(ME_URL).json()
    assert body["role"] == "owner"
    assert body["client_id"] == str(world.client_b.id)
    assert body["client_ids"] == [str(world.client_b.id)]
    assert body["rep_id"] is None


def test_me_of_rep_includes_rep_id(world, as_user):
    body = as_user(world.rep_user_a2).get(ME_URL).json()
    assert body["role"] == "rep"
    assert body["client_id"] == str(world.client_a.id)
    assert body["rep_id"] == str(world.rep_a2.id)


def test_me_without_token_is_401(client, world):
    assert_problem(client.get(ME_URL), 401)


# --- access token verification -----------------------------------------------------------

@pytest.mark.parametrize("claim", CLAIMS)
def test_token_missing_a_required_claim_is_401(client, world, settings, claim):
    claims = claims_for(world.owner_a, settings)
    del claims[claim]
    assert_problem(me(client, sign(claims)), 401)


def test_crafted_token_with_all_claims_is_accepted(client, world, settings):
    assert me(client, sign(claims_for(world.owner_a, settings))).status_code == 200


def test_token_for_another_audience_is_401(client, world, settings):
    token = sign(claims_for(world.owner_a, settings, aud="another-api"))
    assert_problem(me(client, token), 401)


def test_token_from_another_issuer_is_401(client, world, settings):
    token = sign(claims_for(world.owner_a, settings, iss="someone-else"))
    assert_problem(me(client, token), 401)


def test_token_with_bad_signature_is_401(client, world, settings):
    token = sign(claims_for(world.owner_a, settings), secret="x" * 48)
    assert_problem(me(client, token), 401)


def test_unsigned_alg_none_token_is_401(client, world, settings):
    header = b64url({"alg": "none", "typ": "JWT"})
    token = f"{header}.{b64url(claims_for(world.owner_a, settings))}."
    assert_problem(me(client, token), 401)


def test_expired_token_is_401(client, world, settings):
    past = datetime.now(UTC) - timedelta(hours=1)
    token = sign(claims_for(world.owner_a, settings, iat=int(past.timestamp()),
                            exp=int((past + timedelta(minutes=5)).timestamp())))
    assert_problem(me(client, token), 401)


def test_token_whose_role_differs_from_the_users_is_401(client, world, settings):
    token = sign(claims_for(world.rep_user_a1, settings, role="manager"))
    assert_problem(me(client, token), 401)


def test_token_of_unknown_user_is_401(client, world, settings):
    token = sign(claims_for(world.owner_a, settings, sub=str(uuid.uuid4())))
    assert_problem(me(client, token), 401)


def test_deactivated_users_token_is_401(client, world, db, as_user):
    caller = as_user(world.owner_a)
    deactivate(db, world.owner_a)
    assert_problem(caller.get(ME_URL), 401)


# --- refresh and logout ------------------------------------------------------------------

def test_refresh_returns_a_new_working_pair(client, world):
    first = tokens(client, world.owner_a.email)
    response = refresh(client, first["refresh_token"])
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert me(client, second["access_token"]).status_code == 200


def test_refresh_token_works_only_once(client, world):
    first = tokens(client, world.owner_a.email)
    assert refresh(client, first["refresh_token"]).status_code == 200
    assert_problem(refresh(client, first["refresh_token"]), 401)


def test_reusing_a_refresh_token_revokes_its_family(client, world):
    first = tokens(client, world.owner_a.email)
    newest = refresh(client, first["refresh_token"]).json()
    assert_problem(refresh(client, first["refresh_token"]), 401)
    assert_problem(refresh(client, newest["refresh_token"]), 401)


def test_reuse_leaves_other_sessions_working(client, world):
    stolen = tokens(client, world.owner_a.email)
    other = tokens(client, world.owner_a.email)
    refresh(client, stolen["refresh_token"])
    refresh(client, stolen["refresh_token"])
    assert refresh(client, other["refresh_token"]).status_code == 200


def test_unknown_refresh_token_is_401(client, world):
    assert_problem(refresh(client, "not-a-token-we-issued"), 401)


def test_logout_makes_the_refresh_token_fail(client, world):
    pair = tokens(client, world.owner_a.email)
    assert client.post(LOGOUT_URL, json={"refresh_token": pair["refresh_token"]}).status_code == 204
    assert_problem(refresh(client, pair["refresh_token"]), 401)


def test_refresh_after_user_deactivation_fails(client, world, db):
    pair = tokens(client, world.owner_a.email)
    deactivate(db, world.owner_a)
    assert_problem(refresh(client, pair["refresh_token"]), 401)


# --- times as RFC 7519 NumericDates, against the server's clock --------------------------------

def _now() -> int:
    return int(datetime.now(UTC).timestamp())


@pytest.mark.parametrize("overrides", [
    {"iat": "now"},  # a string, not a NumericDate
    {"exp": "tomorrow"},
    {"exp": 1.5e12},  # a float is not a whole number of seconds
], ids=["iat-text", "exp-text", "exp-float"])
def test_times_that_are_not_numeric_dates_are_refused(world, client, settings, overrides):
    assert_problem(me(client, sign(claims_for(world.owner_a, settings, **overrides))), 401)


def test_a_token_issued_in_the_future_is_refused_at_both_sides_of_the_skew(
        world, client, settings):
    soon = claims_for(world.owner_a, settings, iat=_now() + 3)  # within 5 s of skew
    assert me(client, sign(soon)).status_code == 200
    later = claims_for(world.owner_a, settings, iat=_now() + 120,
                       exp=_now() + 300)
    assert_problem(me(client, sign(later)), 401)


def test_a_token_living_longer_than_configured_is_refused(world, client, settings):
    lifetime = settings.access_token_minutes * 60
    exact = claims_for(world.owner_a, settings, iat=_now(), exp=_now() + lifetime)
    assert me(client, sign(exact)).status_code == 200
    longer = claims_for(world.owner_a, settings, iat=_now(), exp=_now() + lifetime + 60)
    assert_problem(me(client, sign(longer)), 401)


def test_an_expired_token_says_so(world, client, settings):
    expired = claims_for(world.owner_a, settings, iat=_now() - 600, exp=_now() - 1)
    response = me(client, sign(expired))
    body = assert_problem(response, 401)
    assert "expired" in body["detail"]
    assert response.headers["www-authenticate"] == (
        'Bearer error="invalid_token", error_description="The token expired"')
    forged = me(client, sign(claims_for(world.owner_a, settings), secret="x" * 48))
    assert forged.headers["www-authenticate"] == (
        'Bearer error="invalid_token", error_description="The token is invalid"')
    missing = client.get("/api/v1/me")
    assert missing.headers["www-authenticate"] == "Bearer"  # no token: no error code


def test_answers_with_a_token_or_a_secret_are_never_cached(world, client, as_user, private_ok):
    logged_in = login(client, world.owner_a.email)
    assert logged_in.headers["cache-control"] == "no-store"
    renewed = refresh(client, logged_in.json()["refresh_token"])
    assert renewed.headers["cache-control"] == "no-store"
    owner = as_user(world.owner_a)
    key = owner.post("/api/v1/api-keys", json={"name": "Zap"})
    assert key.status_code == 201 and key.headers["cache-control"] == "no-store"
    hook = owner.post("/api/v1/webhooks", json={"target_url": "https://hooks.example.com/x",
                                                "events": ["deal.created"]})
    assert hook.status_code == 201 and hook.headers["cache-control"] == "no-store"
    rotated = owner.post(f"/api/v1/webhooks/{hook.json()['id']}/rotate-secret")
    assert rotated.headers["cache-control"] == "no-store"
    assert "no-store" not in owner.get("/api/v1/me").headers.get("cache-control", "")


def test_every_answer_says_nosniff(world, client, as_user):
    for answer in (client.get("/healthz"), client.get("/api/v1/me"),
                   as_user(world.owner_a).get("/api/v1/me"), client.get("/nowhere")):
        assert answer.headers["x-content-type-options"] == "nosniff"
