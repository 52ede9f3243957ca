"""A NUL character anywhere in a request is refused with a 422 naming it, never a 500 (PostgreSQL
cannot store it)."""

import pytest


@pytest.mark.parametrize("body", [
    {"username": "ka\u0000ri"},
])
def test_nul_in_a_json_body_is_refused_before_it_reaches_the_database(client, world, body):
    response = client.post("/api/v1/auth/dev-login", json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "NUL" in response.get_json()["detail"]
    assert list(response.get_json()["errors"]) == ["username"]


def test_nul_in_a_conversation_text_is_refused(as_user, world):
    client = as_user("kari")
    response = client.post("/api/v1/conversations", json={
        "pathway_id": world.pathway, "held_on": "2026-11-20", "what_matters": "Å komme\u0000 hjem"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"what_matters": ["Must not contain NUL characters."]}


def test_nul_in_the_query_string_is_refused(as_user, world):
    response = as_user("kari").get("/api/v1/patients?q=Ola%00")
    assert response.status_code == 422
    assert "query" in response.get_json()["errors"]


def test_ordinary_text_passes(as_user, world):
    assert as_user("kari").get("/api/v1/patients?q=Ola").status_code == 200
