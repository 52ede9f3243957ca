"""Two app instances on one database: a ceremony started on one finishes on the other, and used once."""

from __future__ import annotations

import pytest

from tests.auth.helpers import enrol, invite, problem_type


@pytest.fixture
def second_app(app, db_url):
    from app import create_app

    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url})
    yield other
    with other.app_context():
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_login_started_on_one_instance_finishes_on_the_other_once(app, second_app, client, world):
    answer, authenticator = enrol(client, invite(app, "kari"))
    assert answer.status_code == 201
    other = second_app.test_client()
    options = client.post("/api/v1/auth/login/options", json={}).get_json()
    body = {"ceremony_id": options["ceremony_id"], "credential": authenticator.get(options["publicKey"])}
    first = other.post("/api/v1/auth/login/verify", json=body)
    assert first.status_code == 200, first.get_json()
    assert other.get("/api/v1/auth/me").get_json()["username"] == "kari"
    replay = client.post("/api/v1/auth/login/verify", json=body)
    assert replay.status_code == 401 and problem_type(replay) == "challenge-invalid"


def test_enrolment_started_on_one_instance_finishes_on_the_other(app, second_app, client, world):
    token = invite(app, "kari")
    options = client.post("/api/v1/auth/enrol/options", json={"token": token}).get_json()
    from tests.auth.softauthn import SoftAuthenticator

    credential = SoftAuthenticator().create(options["publicKey"])
    body = {"ceremony_id": options["ceremony_id"], "credential": credential, "token": token}
    assert second_app.test_client().post("/api/v1/auth/enrol/verify", json=body).status_code == 201
    assert client.post("/api/v1/auth/enrol/verify", json=body).status_code == 401


def test_rate_limit_is_shared_by_both_instances(app, second_app, client, world):
    for application in (app, second_app):
        application.config["LOGIN_RATE_LIMIT"] = 3
    other = second_app.test_client()
    answers = [c.post("/api/v1/auth/login/options", json={}).status_code
               for c in (client, other, client, other)]
    assert answers == [200, 200, 200, 429]
