"""Fixtures: an app per test on SQLite and on PostgreSQL, a client, and a small two-team world."""

from __future__ import annotations

import os
import uuid
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests import databases

os.environ.setdefault("VIKTIG_SECRET_KEY", "test-only-secret")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-template")
    os.environ["VIKTIG_INSTANCE"] = str(folder)
    path = folder / "template.sqlite3"
    databases.migrate(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session")
def pg_migrated():
    databases.require_pg()
    databases.reset_pg_schema()
    databases.migrate(databases.pg_url(), None)
    yield databases.pg_url()
    databases.drop_pg_schema()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        return databases.copy_sqlite(sqlite_template, tmp_path / "viktig.sqlite3")
    url = request.getfixturevalue("pg_migrated")
    databases.truncate_pg()
    return url


@pytest.fixture
def app(db_url, tmp_path):
    from app import create_app

    os.environ["VIKTIG_INSTANCE"] = str(tmp_path)
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url})
    yield application
    with application.app_context():
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    """Two teams in one municipality: a nurse, a leader and a patient with a pathway in team Nord;
    a nurse in team Sør; an admin."""
    from app.extensions import db
    from app.models import Organisation, Pathway, Patient, Team
    from app.services.users import create_user

    with app.app_context():
        org = Organisation(name="Testkommune")
        db.session.add(org)
        db.session.flush()
        nord = Team(org_id=org.id, name="Sone Nord")
        sor = Team(org_id=org.id, name="Sone Sør")
        db.session.add_all([nord, sor])
        db.session.flush()
        create_user(org.id, "kari", "Kari Nordmann", "nurse", [nord.id])
        create_user(org.id, "lise", "Lise Leder", "leader", [nord.id])
        create_user(org.id, "sofie", "Sofie Sør", "nurse", [sor.id])
        create_user(org.id, "admin", "Ada Admin", "admin", [])
        patient = Patient(team_id=nord.id, given_name="Ola", family_name="Hansen", birth_date=date(1938, 4, 2))
        db.session.add(patient)
        db.session.flush()
        pathway = Pathway(patient_id=patient.id, start_date=date.today() - timedelta(days=2))
        db.session.add(pathway)
        db.session.commit()
        return SimpleNamespace(org_id=org.id, nord=nord.id, sor=sor.id, patient=patient.id, pathway=pathway.id)


def login(client, username: str) -> None:
    response = client.post("/api/v1/auth/dev-login", json={"username": username})
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def as_user(client):
    """as_user('kari') logs the test client in as that user and returns it."""

    def _login(username: str):
        login(client, username)
        return client

    return _login


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright for the whole run: its sync API refuses a second one while the first is open."""
    from tests.browser import require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    from tests.browser import CHROMIUM, LAUNCH_ARGS

    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield browser
    browser.close()
