"""What an integrator sees when a request is off: the status says what is wrong (415 for a
body of the wrong media type, 400 for malformed JSON with its line and column, for a
malformed If-Match and for an unknown query parameter), 405 lists every method of the path,
no redirect for a trailing slash, and a 201 says where the record can be read."""

from tests.support.alarm_helpers import deal
from tests.support.assertions import problem


def test_json_sent_as_text_plain_is_415(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post("/api/v1/deals", content='{"name": "X", "amount": "1.00"}',
                            headers={"Content-Type": "text/plain"})
    body = problem(response, 415)
    assert body["detail"] == ("This operation reads application/json; the body was sent as "
                              "text/plain.")
    assert response.headers["accept-post"] == "application/json"
    patched = manager.patch(f"/api/v1/reps/{world.rep_a1.id}", content='{"title": "X"}',
                            headers={"Content-Type": "text/plain"})
    assert problem(patched, 415) and patched.headers["accept-patch"] == "application/json"
    assert manager.get(f"/api/v1/reps/{world.rep_a1.id}").json()["title"] != "X"


def test_a_form_operation_refuses_json(client):
    response = client.post("/api/v1/auth/token", json={"username": "a", "password": "b"})
    assert "multipart/form-data" in problem(response, 415)["detail"]


def test_json_with_a_syntax_error_names_line_and_column(world, as_user):
    response = as_user(world.manager_a).post(
        "/api/v1/deals", content='{"name": "X",\n  "amount": "1.00",}',
        headers={"Content-Type": "application/json"})
    body = problem(response, 400)
    assert body["detail"] == ("The body is not valid JSON: Expecting property name enclosed "
                              "in double quotes at line 2, column 20.")


def test_a_malformed_if_match_is_400_and_a_stale_one_412(world, as_user):
    manager = as_user(world.manager_a)
    url = f"/api/v1/reps/{world.rep_a1.id}"
    for malformed in ("abc", '"a" "b"', '"unterminated'):
        body = problem(manager.patch(url, json={"title": "X"},
                                     headers={"If-Match": malformed}), 400)
        assert "If-Match" in body["detail"]
    problem(manager.patch(url, json={"title": "X"}, headers={"If-Match": '"stale"'}), 412)
    assert manager.patch(url, json={"title": "X"}, headers={"If-Match": "*"}).status_code == 200


def test_an_unknown_query_parameter_is_named(world, as_user):
    manager = as_user(world.manager_a)
    body = problem(manager.get("/api/v1/deals", params={"assignee": "me", "limit": 5}), 400)
    assert body["detail"].startswith("Unknown query parameter(s): assignee. This operation "
                                     "takes: ")
    assert body["errors"] == [{"field": "query.assignee", "loc": ["query", "assignee"],
                               "message": "Unknown query parameter",
                               "type": "unknown_parameter"}]
    assert "limit" in body["detail"] and "cursor" in body["detail"]  # from the page's params
    assert manager.get("/api/v1/deals", params={"limit": 5}).status_code == 200


def test_405_lists_every_method_of_the_path(world, as_user):
    manager = as_user(world.manager_a)
    created = deal(manager, "10.00", rep_id=str(world.rep_a1.id))
    response = manager.delete(f"/api/v1/deals/{created['id']}")
    problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD, PATCH"


def test_no_redirect_for_a_trailing_slash(world, as_user):
    response = as_user(world.manager_a).get("/api/v1/deals/", follow_redirects=False)
    problem(response, 404)


def test_a_201_says_where_the_record_is(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post("/api/v1/deals", json={"name": "D", "amount": "5.00",
                                                   "rep_id": str(world.rep_a1.id)})
    assert response.status_code == 201
    location = response.headers["location"]
    assert location == f"/api/v1/deals/{response.json()['id']}"
    assert manager.get(location).json()["name"] == "D"
    target = manager.post(f"/api/v1/clients/{world.client_a.id}/targets",
                          json={"starts_on": "2030-01-01", "amount": "1.00"})
    assert target.headers["location"] == f"/api/v1/targets/{target.json()['id']}"
    assert manager.get(target.headers["location"]).json()["status"] == "proposed"


def test_redoc_is_served_without_a_cdn(client):
    page = client.get("/redoc")
    assert page.status_code == 200 and "/docs-static/redoc.standalone.js" in page.text
    assert "fonts.googleapis" not in page.text
    assert client.get("/docs-static/redoc.standalone.js").status_code == 200
