"""Assertions shared by the HTTP tests."""

PROBLEM = "application/problem+json"


def problem(response, status: int) -> dict:
    """Assert an RFC 9457 problem with this status that leaks nothing; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["type"] and body["title"] and body["detail"]
    if status == 422:
        assert all("field" in error for error in body["errors"])
    assert "Traceback" not in response.text and "SELECT " not in response.text.upper()
    return body


def walk_pages(caller, url: str, *, limit: int = 2) -> list[str]:
    """Every id of a list, following next_cursor page by page."""
    seen, cursor = [], None
    while True:
        params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        response = caller.get(url, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
