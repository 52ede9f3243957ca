"""Login and enrolment attempts are limited per network address over a sliding window kept in the database."""

from __future__ import annotations

from datetime import timedelta

from tests.auth.helpers import problem_type


def test_too_many_login_attempts_get_429_with_retry_after(app, client, world):
    app.config["LOGIN_RATE_LIMIT"] = 3
    for _ in range(3):
        assert client.post("/api/v1/auth/login/options", json={}).status_code == 200
    refused = client.post("/api/v1/auth/login/options", json={})
    assert refused.status_code == 429 and problem_type(refused) == "rate-limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Enrolment counts separately, and other addresses are not affected.
    assert client.post("/api/v1/auth/enrol/options", json={"token": "x"}).status_code == 410
    other = client.post("/api/v1/auth/login/options", json={}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_verify_attempts_count_too(app, client, world):
    app.config["LOGIN_RATE_LIMIT"] = 2
    body = {"ceremony_id": "nope", "credential": {}}
    answers = [client.post("/api/v1/auth/login/verify", json=body).status_code for _ in range(3)]
    assert answers == [401, 401, 429]


def test_window_slides_so_the_nurse_gets_in_again(app, client, world):
    from app.extensions import db
    from app.models import RateLimitHit

    app.config["LOGIN_RATE_LIMIT"] = 2
    for _ in range(2):
        client.post("/api/v1/auth/login/options", json={})
    assert client.post("/api/v1/auth/login/options", json={}).status_code == 429
    with app.app_context():
        for row in db.session.query(RateLimitHit).all():
            row.at = row.at - timedelta(seconds=61)
        db.session.commit()
    assert client.post("/api/v1/auth/login/options", json={}).status_code == 200
