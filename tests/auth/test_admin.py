"""Leaders and admins manage people and keys: invites, passkeys, devices, sessions; admins read the audit."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.auth.helpers import enrol, enrolled, login, problem_type
from tests.conftest import login as dev_login


def _user_id(app, username: str) -> str:
    from app.extensions import db
    from app.models import User

    with app.app_context():
        return db.session.scalars(select(User.id).where(User.username == username)).one()


def test_leader_invites_a_nurse_who_enrols_with_the_link(app, client, world):
    dev_login(client, "lise")
    answer = client.post("/api/v1/admin/users", json={"username": "nina", "display_name": "Nina Ny",
                                                       "team_ids": [world.nord]})
    assert answer.status_code == 201, answer.get_json()
    link = answer.get_json()["enrolment_link"]
    assert link.startswith("http://localhost/#/enrol/")
    nurse = app.test_client()
    enrolment, _ = enrol(nurse, link.rsplit("/", 1)[1])
    assert enrolment.status_code == 201
    assert {u["username"] for u in client.get("/api/v1/admin/users").get_json()} == {"kari", "nina"}


def test_leader_cannot_create_admins_or_nurses_of_other_teams(client, world):
    dev_login(client, "lise")
    admin = client.post("/api/v1/admin/users", json={"username": "x1", "display_name": "X", "role": "admin",
                                                      "team_ids": [world.nord]})
    assert admin.status_code == 403
    other_team = client.post("/api/v1/admin/users", json={"username": "x2", "display_name": "X",
                                                           "team_ids": [world.sor]})
    assert other_team.status_code == 422


def test_leader_cannot_manage_nurses_of_other_teams(app, client, world):
    dev_login(client, "lise")
    sofie = _user_id(app, "sofie")
    assert client.get(f"/api/v1/admin/users/{sofie}/credentials").status_code == 403
    assert client.post(f"/api/v1/admin/users/{sofie}/sessions/revoke").status_code == 403


def test_nurse_cannot_use_admin_endpoints(client, world):
    dev_login(client, "kari")
    assert client.get("/api/v1/admin/users").status_code == 403


def test_admin_lists_and_revokes_a_passkey_which_then_cannot_log_in(app, client, world):
    nurse = app.test_client()
    authenticator = enrolled(nurse, app, "kari")
    dev_login(client, "admin")
    kari = _user_id(app, "kari")
    [credential] = client.get(f"/api/v1/admin/users/{kari}/credentials").get_json()
    assert credential["revoked_at"] is None
    assert client.post(f"/api/v1/admin/credentials/{credential['id']}/revoke").status_code == 200
    answer = login(nurse, authenticator)
    assert answer.status_code == 401 and problem_type(answer) == "credential-revoked"


def test_revoked_device_is_told_to_wipe_itself(app, client, world):
    tablet = app.test_client()
    authenticator = enrolled(tablet, app, "kari")
    assert login(tablet, authenticator, device_id="tablet-7").status_code == 200
    assert tablet.get("/api/v1/patients", headers={"X-Device-Id": "tablet-7"}).status_code == 200
    dev_login(client, "lise")
    kari = _user_id(app, "kari")
    assert [d["id"] for d in client.get(f"/api/v1/admin/users/{kari}/devices").get_json()] == ["tablet-7"]
    assert client.post("/api/v1/admin/devices/tablet-7/revoke").status_code == 200

    refused = tablet.get("/api/v1/patients", headers={"X-Device-Id": "tablet-7"})
    assert refused.status_code == 403 and problem_type(refused) == "device-revoked"
    # Its session is gone too, so leaving out the header does not help.
    assert tablet.get("/api/v1/patients").status_code == 401
    again = login(tablet, authenticator, device_id="tablet-7")
    assert again.status_code == 403 and problem_type(again) == "device-revoked"


def test_revoking_sessions_logs_the_user_out_everywhere(app, client, world):
    tablet = app.test_client()
    dev_login(tablet, "kari")
    dev_login(client, "admin")
    answer = client.post(f"/api/v1/admin/users/{_user_id(app, 'kari')}/sessions/revoke")
    assert answer.get_json() == {"revoked": 1}
    assert tablet.get("/api/v1/auth/me").status_code == 401


def test_admin_sees_who_read_a_patient_and_the_export_is_logged(app, client, world):
    nurse = app.test_client()
    dev_login(nurse, "kari")
    read = nurse.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": "tablet-1"})
    assert read.status_code == 200
    dev_login(client, "admin")
    events = client.get(f"/api/v1/admin/patients/{world.patient}/audit").get_json()
    assert any(e["username"] == "kari" and e["action"] == "read" and e["device_id"] == "tablet-1"
               for e in events)

    export = client.get(f"/api/v1/admin/patients/{world.patient}/audit.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert any(r["username"] == "kari" and r["action"] == "read" for r in rows)
    after = client.get(f"/api/v1/admin/patients/{world.patient}/audit").get_json()
    assert after[0]["action"] == "export" and after[0]["username"] == "admin"
    assert any(e["action"] == "read" and e["entity"] == "audit_log" for e in after)  # looking is logged too


def test_audit_csv_cells_cannot_run_as_spreadsheet_formulas(app, client, world):
    from app.extensions import db
    from app.models import AuditEvent

    with app.app_context():
        db.session.add(AuditEvent(action="read", entity="patient", patient_id=world.patient,
                                  detail="=HYPERLINK(\"http://evil\")"))
        db.session.commit()
    dev_login(client, "admin")
    text = client.get(f"/api/v1/admin/patients/{world.patient}/audit.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_only_admins_read_the_audit(client, world):
    dev_login(client, "lise")
    assert client.get(f"/api/v1/admin/patients/{world.patient}/audit").status_code == 403
    assert client.get(f"/api/v1/admin/patients/{world.patient}/audit.csv").status_code == 403
