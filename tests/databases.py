"""Test databases: a migrated SQLite template copied per test, and a PostgreSQL schema truncated per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PG_DSN = os.environ.get("VIKTIG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
# One schema per test process: two runs on one server must not truncate each other's tables.
PG_SCHEMA = f"viktig_test_{os.getpid()}"
_pg_ready = None


def must_not_skip() -> bool:
    """In CI a missing PostgreSQL or browser is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true"} or os.environ.get("VIKTIG_REQUIRE_ALL") == "1"


def pg_url(schema: str = PG_SCHEMA) -> str:
    base = PG_DSN.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}?options=-csearch_path%3D{schema}"


def pg_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    global _pg_ready
    if _pg_ready is None:
        try:
            import psycopg

            with psycopg.connect(PG_DSN, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _pg_ready = ""
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", with its reason
            _pg_ready = f"PostgreSQL at {PG_DSN} is not reachable: {exc}"
    return _pg_ready or None


def require_pg() -> None:
    reason = pg_reachable()
    if reason:
        if must_not_skip():
            pytest.fail(reason + " (CI requires it)")
        pytest.skip(reason)


def reset_pg_schema(schema: str = PG_SCHEMA) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')


def drop_pg_schema(schema: str = PG_SCHEMA) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def truncate_pg(schema: str = PG_SCHEMA) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> 'alembic_version'",
            (schema,))]
        if tables:
            names = ", ".join(f'"{schema}"."{t}"' for t in tables)
            conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def migrate(url: str, instance: Path) -> None:
    from app import create_app
    from app.database import upgrade_schema

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    upgrade_schema(app)
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()


def copy_sqlite(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
