"""Shared steps for the passkey tests: invite a user, enrol a software passkey, log in with it."""

from __future__ import annotations

from datetime import timedelta

from tests.auth.softauthn import SoftAuthenticator

ORIGIN = "http://localhost:8000"


def invite(app, username: str, hours: int = 72) -> str:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import User
    from app.services.users import create_enrolment_token

    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == username)).one()
        token = create_enrolment_token(user, hours)
        db.session.commit()
        return token


def expire_link(app, token: str) -> None:
    from app.extensions import db
    from app.models.auth import EnrolmentToken
    from app.models.base import utcnow
    from app.services.users import hash_enrolment_token

    with app.app_context():
        row = db.session.get(EnrolmentToken, hash_enrolment_token(token))
        row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()


def enrol(client, token: str | None, authenticator: SoftAuthenticator | None = None, **create_kwargs):
    authenticator = authenticator or SoftAuthenticator()
    options = client.post("/api/v1/auth/enrol/options", json={"token": token} if token else {})
    assert options.status_code == 200, options.get_json()
    body = options.get_json()
    credential = authenticator.create(body["publicKey"], **create_kwargs)
    answer = client.post("/api/v1/auth/enrol/verify",
                         json={"ceremony_id": body["ceremony_id"], "credential": credential, "token": token})
    return answer, authenticator


def enrolled(client, app, username: str) -> SoftAuthenticator:
    answer, authenticator = enrol(client, invite(app, username))
    assert answer.status_code == 201, answer.get_json()
    return authenticator


def login_body(client, authenticator: SoftAuthenticator, username: str | None = None, **get_kwargs) -> dict:
    options = client.post("/api/v1/auth/login/options", json={"username": username} if username else {})
    assert options.status_code == 200, options.get_json()
    body = options.get_json()
    credential = authenticator.get(body["publicKey"], **get_kwargs)
    return {"ceremony_id": body["ceremony_id"], "credential": credential}


def login(client, authenticator: SoftAuthenticator, device_id: str | None = None, **get_kwargs):
    headers = {"X-Device-Id": device_id} if device_id else {}
    return client.post("/api/v1/auth/login/verify", json=login_body(client, authenticator, **get_kwargs),
                       headers=headers)


def problem_type(response) -> str:
    assert response.mimetype == "application/problem+json", response.data
    return response.get_json()["type"].rsplit("/", 1)[-1]
