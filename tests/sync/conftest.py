"""Fixtures for sync tests: database counts, and a patient with a pathway created through sync itself."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.api.builders import pathway_body, patient_body
from tests.sync.helpers import mutation, push


@pytest.fixture
def count(app):
    """count(Model, **filters) → rows in the database right now."""
    from sqlalchemy import func, select

    from app.extensions import db

    def _count(model, **filters) -> int:
        with app.app_context():
            stmt = select(func.count()).select_from(model)
            for name, value in filters.items():
                stmt = stmt.where(getattr(model, name) == value)
            return db.session.scalar(stmt)

    return _count


@pytest.fixture
def synced(world, as_user):
    """Kari (team Nord) registers a patient and a pathway by sync, so both are in the change feed."""
    client = as_user("kari")
    patient = mutation("patient", patient_body(world.nord))
    pathway = mutation("pathway", pathway_body(patient["entity_id"]))
    assert [r["status"] for r in push(client, [patient, pathway])] == ["applied", "applied"]
    return SimpleNamespace(client=client, patient=patient["entity_id"], pathway=pathway["entity_id"])


@pytest.fixture
def client_for(app, world):
    """client_for('sofie') → a new test client with its own session, logged in as that user."""
    from tests.conftest import login

    def _client(username: str):
        client = app.test_client()
        login(client, username)
        return client

    return _client


@pytest.fixture(params=["sqlite", "postgres"])
def server_db(request, tmp_path):
    """The URL of a migrated, empty database for real gunicorn processes: a SQLite file in tmp_path, or a
    PostgreSQL schema named after the test module (apart from the per-test schema of tests/databases.py)."""
    from tests import databases
    from tests.sync.harness import fresh_database

    if request.param == "postgres":
        databases.require_pg()
    schema = "viktig_" + request.module.__name__.rsplit(".", 1)[-1]
    yield fresh_database(request.param, tmp_path, schema)
    if request.param == "postgres":
        import psycopg

        with psycopg.connect(databases.PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
