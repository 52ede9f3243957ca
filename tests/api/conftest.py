"""Fixtures for the API tests: the other team's patient, entries of every kind, and the audit log."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.api.builders import ENTRY_KINDS


@pytest.fixture
def sor(app, world):
    """A patient with a pathway in team Sør, which Kari (team Nord) must not see."""
    from app.extensions import db
    from app.models import Pathway, Patient

    with app.app_context():
        patient = Patient(team_id=world.sor, given_name="Per", family_name="Sørli",
                          birth_date=date(1935, 1, 9))
        db.session.add(patient)
        db.session.flush()
        pathway = Pathway(patient_id=patient.id, start_date=date.today() - timedelta(days=5))
        db.session.add(pathway)
        db.session.commit()
        return SimpleNamespace(patient=patient.id, pathway=pathway.id)


@pytest.fixture
def anonymous(app):
    """A client of its own that never logs in (the shared `client` may be logged in by other fixtures)."""
    return app.test_client()


@pytest.fixture
def entries(world, as_user):
    """One entry of each kind in the world's pathway (team Nord), written by Kari: {entity: id}."""
    client = as_user("kari")
    ids = {}
    for entity, (path, body) in ENTRY_KINDS.items():
        response = client.post(path, json=body(world.pathway))
        assert response.status_code == 201, response.get_json()
        ids[entity] = response.get_json()["id"]
    return ids


@pytest.fixture
def audit_events(app):
    """audit_events() → every AuditEvent so far, oldest first, as plain dicts."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import AuditEvent

    def _events() -> list[dict]:
        with app.app_context():
            rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
            return [{"user_id": r.user_id, "device_id": r.device_id, "action": r.action, "entity": r.entity,
                     "entity_id": r.entity_id, "patient_id": r.patient_id, "detail": r.detail} for r in rows]

    return _events


@pytest.fixture
def user_id(app):
    """user_id('kari') → that user's id."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import User

    def _id(username: str) -> str:
        with app.app_context():
            return db.session.scalars(select(User.id).where(User.username == username)).one()

    return _id


@pytest.fixture
def other_org(app, world):
    """A second municipality with its own admin ('olga') and nurse ('nina') and a patient of its own."""
    from app.extensions import db
    from app.models import Organisation, Patient, Team
    from app.services.users import create_user

    with app.app_context():
        org = Organisation(name="Nabokommune")
        db.session.add(org)
        db.session.flush()
        team = Team(org_id=org.id, name="Sone Vest")
        db.session.add(team)
        db.session.flush()
        create_user(org.id, "olga", "Olga Admin", "admin", [])
        create_user(org.id, "nina", "Nina Vest", "nurse", [team.id])
        patient = Patient(team_id=team.id, given_name="Nils", family_name="Vestby")
        db.session.add(patient)
        db.session.commit()
        return SimpleNamespace(org_id=org.id, team=team.id, patient=patient.id)
