"""A stolen access token must not take over a login (OWASP API2): changing one's own
password needs the current one, and ends the login's other sessions at once (their refresh
tokens and their access tokens); logging out ends the session's access tokens too."""

from tests.support import factories
from tests.support.assertions import problem

TOKEN, REFRESH, LOGOUT = "/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/logout"


def _log_in(client, email, password=factories.PASSWORD) -> dict:
    answer = client.post(TOKEN, data={"username": email, "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _me(client, tokens: dict):
    return client.get("/api/v1/me",
                      headers={"Authorization": f"Bearer {tokens['access_token']}"})


def _change(client, tokens: dict, user_id, body: dict):
    return client.patch(f"/api/v1/users/{user_id}", json=body,
                        headers={"Authorization": f"Bearer {tokens['access_token']}"})


def test_changing_ones_password_needs_the_current_one(world, client):
    tokens = _log_in(client, world.owner_a.email)
    missing = problem(_change(client, tokens, world.owner_a.id,
                              {"password": "a-new-long-passphrase"}), 422)
    assert missing["errors"][0]["field"] == "body.current_password"
    wrong = problem(_change(client, tokens, world.owner_a.id, {
        "password": "a-new-long-passphrase", "current_password": "not-my-password"}), 403)
    assert wrong["fields"] == ["current_password"]
    _log_in(client, world.owner_a.email)  # the old password still works: nothing changed


def test_a_password_change_ends_the_other_sessions_at_once(world, client):
    here = _log_in(client, world.owner_a.email)
    there = _log_in(client, world.owner_a.email)
    assert _me(client, there).status_code == 200
    changed = _change(client, here, world.owner_a.id, {
        "password": "a-new-long-passphrase", "current_password": factories.PASSWORD})
    assert changed.status_code == 200, changed.text
    gone = problem(_me(client, there), 401)  # its access token, not 15 minutes later
    assert "session has ended" in gone["detail"]
    problem(client.post(REFRESH, json={"refresh_token": there["refresh_token"]}), 401)
    assert _me(client, here).status_code == 200  # the session that changed it goes on
    assert client.post(REFRESH, json={"refresh_token": here["refresh_token"]}).status_code == 200


def test_a_manager_resetting_a_reps_password_ends_all_of_its_sessions(world, as_user, client):
    rep = _log_in(client, world.rep_user_a1.email)
    reset = as_user(world.manager_a).patch(f"/api/v1/users/{world.rep_user_a1.id}",
                                           json={"password": "a-reset-passphrase"})
    assert reset.status_code == 200, reset.text
    problem(_me(client, rep), 401)


def test_logging_out_ends_the_sessions_access_token_at_once(world, client):
    tokens = _log_in(client, world.rep_user_a1.email)
    other = _log_in(client, world.rep_user_a1.email)
    assert client.post(LOGOUT, json={"refresh_token": tokens["refresh_token"]}).status_code \
        == 204
    problem(_me(client, tokens), 401)
    assert _me(client, other).status_code == 200  # another device stays logged in
