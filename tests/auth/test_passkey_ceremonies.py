"""Enrolment and login with passkeys at the API, using a software authenticator."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.auth.helpers import enrol, enrolled, expire_link, invite, login, login_body, problem_type
from tests.auth.softauthn import SoftAuthenticator


def _credential(app, username: str):
    from app.extensions import db
    from app.models import Credential, User

    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == username)).one()
        return db.session.scalars(select(Credential).where(Credential.user_id == user.id)).all()


def test_nurse_enrols_with_link_then_logs_in_with_discoverable_passkey(app, client, world):
    token = invite(app, "kari")
    options = client.post("/api/v1/auth/enrol/options", json={"token": token}).get_json()
    public_key = options["publicKey"]
    assert public_key["authenticatorSelection"]["userVerification"] == "required"
    assert public_key["authenticatorSelection"]["residentKey"] == "preferred"
    assert public_key["rp"]["id"] == "localhost"
    authenticator = SoftAuthenticator()
    credential = authenticator.create(public_key)
    answer = client.post("/api/v1/auth/enrol/verify",
                         json={"ceremony_id": options["ceremony_id"], "credential": credential,
                               "token": token, "label": "iPad sone nord"})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["user"]["username"] == "kari"

    assert client.get("/api/v1/auth/me").status_code == 401
    login_options = client.post("/api/v1/auth/login/options", json={}).get_json()
    assert login_options["publicKey"]["allowCredentials"] == []
    assert login_options["publicKey"]["userVerification"] == "required"
    answer = client.post("/api/v1/auth/login/verify", headers={"X-Device-Id": "tablet-1"},
                         json={"ceremony_id": login_options["ceremony_id"],
                               "credential": authenticator.get(login_options["publicKey"])})
    assert answer.status_code == 200, answer.get_json()
    assert client.get("/api/v1/auth/me").get_json()["username"] == "kari"

    from app.extensions import db
    from app.models import Device

    with app.app_context():
        assert db.session.get(Device, "tablet-1") is not None
    [stored] = _credential(app, "kari")
    assert stored.sign_count == 1 and stored.label == "iPad sone nord" and stored.last_used_at is not None


def test_enrolment_link_works_once(app, client, world):
    token = invite(app, "kari")
    answer, _ = enrol(client, token)
    assert answer.status_code == 201
    again = client.post("/api/v1/auth/enrol/options", json={"token": token})
    assert again.status_code == 410 and problem_type(again) == "enrolment-link-invalid"
    assert "already used" in again.get_json()["detail"]


def test_expired_enrolment_link_is_refused(app, client, world):
    token = invite(app, "kari")
    expire_link(app, token)
    answer = client.post("/api/v1/auth/enrol/options", json={"token": token})
    assert answer.status_code == 410 and problem_type(answer) == "enrolment-link-invalid"
    assert "expired" in answer.get_json()["detail"]


def test_link_expiring_between_options_and_verify_is_refused(app, client, world):
    token = invite(app, "kari")
    options = client.post("/api/v1/auth/enrol/options", json={"token": token}).get_json()
    expire_link(app, token)
    answer = client.post("/api/v1/auth/enrol/verify", json={
        "ceremony_id": options["ceremony_id"], "token": token,
        "credential": SoftAuthenticator().create(options["publicKey"])})
    assert answer.status_code == 410
    assert _credential(app, "kari") == []


def test_unknown_enrolment_link_is_refused(client, world):
    answer = client.post("/api/v1/auth/enrol/options", json={"token": "not-a-real-token"})
    assert answer.status_code == 410 and problem_type(answer) == "enrolment-link-invalid"


def test_replayed_login_answer_is_refused(app, client, world):
    authenticator = enrolled(client, app, "kari")
    body = login_body(client, authenticator)
    assert client.post("/api/v1/auth/login/verify", json=body).status_code == 200
    replay = client.post("/api/v1/auth/login/verify", json=body)
    assert replay.status_code == 401 and problem_type(replay) == "challenge-invalid"
    assert "already used" in replay.get_json()["detail"]


def test_expired_challenge_is_refused(app, client, world):
    from app.extensions import db
    from app.models import AuthChallenge
    from app.models.base import utcnow

    authenticator = enrolled(client, app, "kari")
    body = login_body(client, authenticator)
    with app.app_context():
        db.session.get(AuthChallenge, body["ceremony_id"]).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    answer = client.post("/api/v1/auth/login/verify", json=body)
    assert answer.status_code == 401 and problem_type(answer) == "challenge-invalid"
    assert "expired" in answer.get_json()["detail"]


def test_login_answer_from_foreign_origin_is_refused(app, client, world):
    authenticator = enrolled(client, app, "kari")
    answer = login(client, authenticator, origin="https://evil.example")
    assert answer.status_code == 401 and problem_type(answer) == "foreign-origin"


def test_enrolment_from_foreign_origin_is_refused(app, client, world):
    answer, _ = enrol(client, invite(app, "kari"), origin="https://evil.example")
    assert answer.status_code == 401 and problem_type(answer) == "foreign-origin"


def test_passkey_for_another_rp_id_is_refused(app, client, world):
    authenticator = enrolled(client, app, "kari")
    answer = login(client, authenticator, rp_id="evil.example")
    assert answer.status_code == 401 and problem_type(answer) == "wrong-rp-id"
    answer, _ = enrol(client, invite(app, "lise"), rp_id="evil.example")
    assert answer.status_code == 401 and problem_type(answer) == "wrong-rp-id"


def test_passkey_without_user_verification_is_refused(app, client, world):
    authenticator = enrolled(client, app, "kari")
    authenticator.user_verified = False
    answer = login(client, authenticator)
    assert answer.status_code == 401 and problem_type(answer) == "passkey-refused"
    answer, _ = enrol(client, invite(app, "lise"), SoftAuthenticator(user_verified=False))
    assert answer.status_code == 401


def test_revoked_passkey_is_refused(app, client, world):
    from app.extensions import db
    from app.models import Credential
    from app.models.base import utcnow

    authenticator = enrolled(client, app, "kari")
    with app.app_context():
        db.session.scalars(select(Credential)).one().revoked_at = utcnow()
        db.session.commit()
    answer = login(client, authenticator)
    assert answer.status_code == 401 and problem_type(answer) == "credential-revoked"


def test_unknown_passkey_is_refused(app, client, world):
    answer = login(client, SoftAuthenticator())
    assert answer.status_code == 401 and problem_type(answer) == "unknown-credential"


def test_sign_count_going_backwards_is_refused(app, client, world):
    authenticator = enrolled(client, app, "kari")
    assert login(client, authenticator, bump=5).status_code == 200
    authenticator.sign_count = 2  # a copy of the key with an older counter
    answer = login(client, authenticator, bump=0)
    assert answer.status_code == 401 and problem_type(answer) == "sign-count-regressed"
    assert _credential(app, "kari")[0].sign_count == 5


def test_synced_passkey_that_always_reports_zero_is_accepted(app, client, world):
    authenticator = enrolled(client, app, "kari")
    for _ in range(2):
        assert login(client, authenticator, bump=0).status_code == 200


def test_nurse_adds_a_second_passkey_while_logged_in(app, client, world):
    first = enrolled(client, app, "kari")
    assert login(client, first).status_code == 200
    options = client.post("/api/v1/auth/enrol/options", json={}).get_json()
    excluded = [c["id"] for c in options["publicKey"]["excludeCredentials"]]
    assert excluded == [first.create({"challenge": "", "user": {"id": ""}})["id"]]
    second = SoftAuthenticator()
    answer = client.post("/api/v1/auth/enrol/verify", json={
        "ceremony_id": options["ceremony_id"], "credential": second.create(options["publicKey"])})
    assert answer.status_code == 201
    assert len(_credential(app, "kari")) == 2
    scoped = client.post("/api/v1/auth/login/options", json={"username": "kari"}).get_json()
    assert len(scoped["publicKey"]["allowCredentials"]) == 2
    assert login(client, second).status_code == 200


def test_anonymous_cannot_enrol_without_a_link(client, world):
    answer = client.post("/api/v1/auth/enrol/options", json={})
    assert answer.status_code == 401


def test_username_scoped_login_refuses_another_users_passkey(app, client, world):
    kari = enrolled(client, app, "kari")
    enrolled(client, app, "sofie")
    options = client.post("/api/v1/auth/login/options", json={"username": "sofie"}).get_json()
    answer = client.post("/api/v1/auth/login/verify", json={
        "ceremony_id": options["ceremony_id"], "credential": kari.get(options["publicKey"])})
    assert answer.status_code == 401


def test_unknown_username_gets_the_same_answer_as_a_known_one(client, world):
    options = client.post("/api/v1/auth/login/options", json={"username": "nobody"})
    assert options.status_code == 200 and options.get_json()["publicKey"]["allowCredentials"] == []
