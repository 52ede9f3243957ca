"""Walks every route: anonymous requests are refused, and another team's nurse never gets Nord's data."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.auth.helpers import enrolled, login
from tests.conftest import login as dev_login

# Endpoints that answer without a session, on purpose. Anything else under /api/ must say 401.
AUTH_FREE = {
    "system.Ping", "api-docs.openapi_json", "session.DevLogin", "session.Logout", "session.LoginOptionsInfo",
    "webauthn.EnrolOptions", "webauthn.EnrolVerify", "webauthn.LoginOptions", "webauthn.LoginVerify",
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def nord(app, client, world):
    """Nord's data with every kind of id a route can name: a CFS entry, kari's passkey and tablet."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Credential, User

    tablet = app.test_client()
    login(tablet, enrolled(tablet, app, "kari"), device_id="tablet-nord")
    cfs = tablet.post("/api/v1/cfs", json={"pathway_id": world.pathway, "score": 4,
                                           "assessed_on": date.today().isoformat()})
    entry_id = cfs.get_json().get("id") if cfs.status_code == 201 else world.pathway
    with app.app_context():
        kari = db.session.scalars(select(User).where(User.username == "kari")).one()
        credential = db.session.scalars(select(Credential.id)).one()
        return {"patient_id": world.patient, "pathway_id": world.pathway, "entry_id": entry_id,
                "user_id": kari.id, "credential_id": credential, "device_id": "tablet-nord",
                "team_id": world.nord, "secrets": [world.patient, world.pathway, entry_id, "Hansen"]}


def _requests(app, ids):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments and not rule.rule.startswith("/api/"):
            continue
        missing = [a for a in rule.arguments if not any(a.endswith(k) or a == k for k in ids)]
        path = rule.rule
        for name in rule.arguments:
            value = ids.get(name) or next((v for k, v in ids.items() if name.endswith(k)), "x")
            path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path, missing


def _call(client, method, path):
    kwargs = {"json": {}} if method in WRITE_METHODS else {}
    return client.open(path, method=method, **kwargs)


def test_every_api_endpoint_refuses_anonymous_requests(app, nord):
    anonymous = app.test_client()
    checked = 0
    for endpoint, method, path, _ in _requests(app, nord):
        if endpoint in AUTH_FREE:
            continue
        answer = _call(anonymous, method, path)
        if path.startswith("/api/"):
            assert answer.status_code == 401, (method, path, answer.status_code)
            checked += 1
        else:
            text = answer.get_data(as_text=True)
            assert answer.status_code != 200 or not any(s in text for s in nord["secrets"]), (method, path)
    assert checked >= 20


def test_another_teams_nurse_never_gets_nord_data(app, client, nord):
    dev_login(client, "sofie")
    for endpoint, method, path, _ in _requests(app, nord):
        if endpoint in AUTH_FREE:
            continue
        answer = _call(client, method, path)
        if answer.status_code in (200, 201):
            text = answer.get_data(as_text=True)
            leaked = [s for s in nord["secrets"] if s in text]
            assert not leaked, (method, path, leaked)
            assert method not in WRITE_METHODS, (method, path, "a write succeeded")
        else:
            assert answer.status_code in (401, 403, 404, 409, 422), (method, path, answer.status_code)


def test_nurse_of_the_team_does_see_the_patient(app, nord):
    tablet = app.test_client()
    dev_login(tablet, "kari")
    assert "Hansen" in tablet.get(f"/api/v1/patients/{nord['patient_id']}").get_data(as_text=True)
