def test_me_answers_the_callers_scope(world, as_user):
    response = as_user(world.rep_user_a1).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "rep"
    assert body["client_id"] == str(world.client_a.id)
    assert body["rep_id"] == str(world.rep_a1.id)
