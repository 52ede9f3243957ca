"""A session acts from one device, the one it was started on: the audit log cannot be told another."""

from __future__ import annotations

from sqlalchemy import select

from tests.api.builders import cfs_body
from tests.auth.helpers import enrolled, login, problem_type
from tests.sync.helpers import PUSH, mutation


def _audit_devices(app, user_id_of: str) -> set[str | None]:
    from app.extensions import db
    from app.models import AuditEvent, User

    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == user_id_of)).one()
        return set(db.session.scalars(select(AuditEvent.device_id).where(AuditEvent.user_id == user.id)))


def test_a_forged_device_header_is_refused_and_never_reaches_the_audit_log(app, world):
    tablet = app.test_client()
    authenticator = enrolled(tablet, app, "kari")
    assert login(tablet, authenticator, device_id="tablet-1").status_code == 200
    assert tablet.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": "tablet-1"}).status_code == 200

    forged = tablet.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": "someone-elses-tablet"})
    assert forged.status_code == 401 and problem_type(forged) == "device-mismatch"
    assert "Log in again on this device" in forged.get_json()["detail"]
    # Without the header the session still acts from the device it was started on.
    assert tablet.get(f"/api/v1/patients/{world.patient}").status_code == 200
    assert _audit_devices(app, "kari") == {"tablet-1"}


def test_a_push_naming_another_device_is_refused_on_the_field(app, world):
    tablet = app.test_client()
    authenticator = enrolled(tablet, app, "kari")
    assert login(tablet, authenticator, device_id="tablet-1").status_code == 200
    answer = tablet.post(PUSH, json={"device_id": "tablet-2", "outbox_size": 1,
                                     "mutations": [mutation("cfs", cfs_body(world.pathway))]})
    assert answer.status_code == 422 and problem_type(answer) == "validation"
    assert list(answer.get_json()["errors"]) == ["device_id"]
    assert _audit_devices(app, "kari") == set()  # nothing was written


def test_a_session_started_without_a_device_keeps_the_first_it_presents(app, world):
    tablet = app.test_client()
    tablet.post("/api/v1/auth/dev-login", json={"username": "kari"})
    assert tablet.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": "tablet-3"}).status_code == 200
    later = tablet.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": "tablet-4"})
    assert later.status_code == 401 and problem_type(later) == "device-mismatch"
    assert _audit_devices(app, "kari") == {"tablet-3"}


def test_a_tablet_whose_storage_was_reset_can_log_in_afresh(app, world):
    """Safari may wipe the app's storage while the cookie lives on: a new device id must still log in."""
    tablet = app.test_client()
    authenticator = enrolled(tablet, app, "kari")
    assert login(tablet, authenticator, device_id="tablet-old").status_code == 200
    assert login(tablet, authenticator, device_id="tablet-new").status_code == 200
    assert tablet.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": "tablet-new"}).status_code == 200
    assert _audit_devices(app, "kari") == {"tablet-new"}


def test_a_revoked_device_is_refused_even_when_the_request_leaves_out_its_id(app, world):
    from app.extensions import db
    from app.models import Device
    from app.models.base import utcnow

    tablet = app.test_client()
    tablet.post("/api/v1/auth/dev-login", json={"username": "kari"}, headers={"X-Device-Id": "tablet-5"})
    with app.app_context():  # revoked while this session lives on (as a session bound later would)
        db.session.get(Device, "tablet-5").revoked_at = utcnow()
        db.session.commit()
    refused = tablet.get(f"/api/v1/patients/{world.patient}")
    assert refused.status_code == 403 and problem_type(refused) == "device-revoked"
