"""The `viktig` command as an operator uses it: init, demo, users invite, and serve under real gunicorn."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from tests import databases

ROOT = Path(__file__).resolve().parent.parent
# The console script `viktig` calls app.cli:main; calling it from this tree (cwd first on sys.path) tests
# the code under test even where an older copy of the package is installed.
VIKTIG = [sys.executable, "-c", "from app.cli import main; main()"]


# Helpers ---------------------------------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgres"])
def fresh_database(request, tmp_path):
    """An empty database nobody has migrated yet: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    databases.require_pg()
    schema = f"viktig_cli_{uuid.uuid4().hex[:8]}"
    databases.reset_pg_schema(schema)
    yield f"{databases.PG_DSN}?options=-csearch_path%3D{schema}"
    import psycopg

    with psycopg.connect(databases.PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def viktig_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIKTIG_") and k != "DATABASE_URL"}
    env.update(VIKTIG_INSTANCE=str(tmp_path / "instance"), VIKTIG_SECRET_KEY="cli-test-secret",
               DATABASE_URL=database_url)
    return env


def run_viktig(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*VIKTIG, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def count_rows(model) -> int:
    from app.extensions import db

    return db.session.scalar(select(func.count()).select_from(model))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: dict | None = None, cookie: str | None = None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, json.loads(response.read() or b"null")


# viktig init -----------------------------------------------------------------------------------------------

def test_init_creates_the_schema_and_is_safe_to_run_again(fresh_database, tmp_path):
    env = viktig_env(tmp_path, fresh_database)

    first = run_viktig(env, "init")
    assert first.returncode == 0, first.stderr
    assert "Database ready" in first.stdout
    assert "cli-test-secret" not in first.stdout

    engine = create_engine(sqlalchemy_url(fresh_database))
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"organisation", "team", "user", "patient", "pathway", "conversation", "psfs_assessment",
                "checklist_record", "cfs_score", "audit_event", "applied_mutation", "change_log",
                "alembic_version"} <= tables
        with engine.connect() as conn:
            head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()

        # A new release runs `viktig init` again: nothing to do, nothing broken.
        again = run_viktig(env, "init")
        assert again.returncode == 0, again.stderr
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
    finally:
        engine.dispose()


# viktig demo -----------------------------------------------------------------------------------------------

def test_demo_seeds_a_municipality_with_pathways_at_every_stage(app, runner):
    from app.extensions import db
    from app.models import (
        AuditEvent,
        CfsScore,
        ChangeLog,
        ChecklistRecord,
        Conversation,
        Organisation,
        Pathway,
        Patient,
        PsfsAssessment,
        Team,
        User,
    )

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for username in ("kari", "ingrid", "sofie", "jonas", "lise", "admin"):
        assert username in result.output
    assert "dev-login" in result.output

    with app.app_context():
        assert [o.name for o in db.session.scalars(select(Organisation))] == ["Fjordvik kommune"]
        assert sorted(t.name for t in db.session.scalars(select(Team))) == ["Sone Nord", "Sone Sør"]
        roles = Counter(u.role for u in db.session.scalars(select(User)))
        assert roles == {"nurse": 4, "leader": 1, "admin": 1}
        assert count_rows(Patient) == 30
        patients = db.session.scalars(select(Patient)).all()
        assert sorted(Counter(p.team_id for p in patients).values()) == [15, 15]
        assert all(1925 <= p.birth_date.year <= 1960 and p.address for p in patients)

        pathways = db.session.scalars(select(Pathway)).all()
        assert len(pathways) == 30
        today = date.today()  # the demo's dates are the local calendar's
        ages = [(today - p.start_date).days for p in pathways]
        assert min(ages) == 0 and max(ages) == 60
        closed = [p for p in pathways if p.status == "closed"]
        assert closed and all(p.end_date and p.version == 2 for p in closed)

        psfs = db.session.scalars(select(PsfsAssessment)).all()
        baselines = [a for a in psfs if a.kind == "baseline"]
        follow_ups = [a for a in psfs if a.kind == "follow_up"]
        assert len(baselines) >= 20 and len(follow_ups) >= 5
        assert all(3 <= len(b.activities) <= 5 for b in baselines)
        by_pathway = {b.pathway_id: b for b in baselines}
        improved = 0
        for follow_up in follow_ups:
            baseline = by_pathway[follow_up.pathway_id]
            assert 25 <= (follow_up.assessed_on - baseline.assessed_on).days <= 32
            scores = {a["id"]: a["score"] for a in follow_up.activities}
            assert {a["id"] for a in baseline.activities} <= set(scores)
            changes = [scores[a["id"]] - a["score"] for a in baseline.activities]
            improved += sum(changes) / len(changes) >= 2
        assert improved >= 2

        conversations = db.session.scalars(select(Conversation)).all()
        assert len({c.pathway_id for c in conversations}) == len(baselines)
        amended = [c for c in conversations if c.version == 2]
        assert amended and all(c.amends_version == 1 and c.superseded_at is None for c in amended)
        originals = [c for c in conversations if c.id in {a.id for a in amended} and c.version == 1]
        assert originals and all(c.superseded_at is not None for c in originals)
        assert all(c.goals and c.what_matters for c in conversations)

        statuses = Counter(s for r in db.session.scalars(select(ChecklistRecord)) for s in r.items.values())
        assert statuses["done"] and statuses["not_done"] and statuses["not_applicable"]
        assert {s.score for s in db.session.scalars(select(CfsScore))} <= set(range(3, 8))

        recorded = [e.recorded_at for m in (Conversation, PsfsAssessment, ChecklistRecord, CfsScore)
                    for e in db.session.scalars(select(m))]
        assert max(recorded) <= datetime.now(UTC)
        # Written as the nurses, through the same path as sync: audited and in the change feed.
        writes = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "write")).all()
        assert writes and all(w.user_id and w.device_id for w in writes)
        assert count_rows(ChangeLog) == len(writes)


def test_demo_refuses_a_database_that_holds_data(world, runner):
    result = runner.invoke(args=["demo"])

    assert result.exit_code != 0
    assert "already holds data" in result.output


def test_demo_is_the_same_every_time(tmp_path, sqlite_template):
    from app import create_app
    from app.demo import seed_demo
    from app.extensions import db
    from app.models import Patient, PsfsAssessment

    snapshots = []
    for name in ("one", "two"):
        url = databases.copy_sqlite(sqlite_template, tmp_path / f"{name}.sqlite3")
        application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with application.app_context():
            seed_demo()
            patients = [(p.id, p.given_name, p.family_name, p.birth_date, p.address)
                        for p in db.session.scalars(select(Patient).order_by(Patient.id))]
            psfs = [(a.id, a.kind, a.assessed_on, a.activities)
                    for a in db.session.scalars(select(PsfsAssessment).order_by(PsfsAssessment.pk))]
            snapshots.append((patients, psfs))
            db.session.remove()
            db.engine.dispose()
    assert snapshots[0] == snapshots[1]


# viktig users invite ---------------------------------------------------------------------------------------

def test_invite_creates_the_user_and_prints_a_one_time_link(app, world, runner):
    from app.extensions import db
    from app.models import EnrolmentToken, User

    result = runner.invoke(args=["users", "invite", "nina", "--name", "Nina Nilsen", "--role", "nurse",
                                 "--team", "Sone Nord", "--base-url", "https://viktig.fjordvik.kommune.no/"])

    assert result.exit_code == 0, result.output
    link = re.search(r"https://viktig\.fjordvik\.kommune\.no/#/enrol/([A-Za-z0-9_-]{32,})", result.output)
    assert link, result.output
    token = link.group(1)
    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == "nina")).one()
        assert (user.display_name, user.role, user.team_ids) == ("Nina Nilsen", "nurse", [world.nord])
        stored = db.session.scalars(select(EnrolmentToken).where(EnrolmentToken.user_id == user.id)).one()
        # Only the hash is kept: a copy of the database does not hand out enrolment links.
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in stored.token_hash
        assert stored.used_at is None
        hours = app.config["ENROLMENT_LINK_HOURS"]
        assert abs(stored.expires_at - (datetime.now(UTC) + timedelta(hours=hours))) < timedelta(minutes=5)


def test_invite_refuses_an_unknown_team_and_a_taken_user_name(app, world, runner):
    from app.extensions import db
    from app.models import User

    unknown = runner.invoke(args=["users", "invite", "nina", "--name", "Nina Nilsen", "--team", "Sone Vest"])
    taken = runner.invoke(args=["users", "invite", "kari", "--name", "Kari Andre", "--team", "Sone Nord"])

    assert unknown.exit_code != 0 and "Sone Vest" in unknown.output
    assert taken.exit_code != 0 and "taken" in taken.output
    with app.app_context():
        assert db.session.scalars(select(User).where(User.username == "nina")).first() is None


# viktig serve --demo ---------------------------------------------------------------------------------------

def test_serve_demo_runs_gunicorn_and_serves_the_caseload(fresh_database, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([*VIKTIG, "serve", "--demo", "--port", str(port), "--workers", "2"],
                                  cwd=ROOT, env=viktig_env(tmp_path, fresh_database), stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(base, server, log_path)

        _, headers, me = http("POST", f"{base}/api/v1/auth/dev-login", {"username": "kari"})
        assert me["username"] == "kari"
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        # Two workers: the session lives in the database, so whichever worker answers knows it.
        for _ in range(4):
            status, _, caseload = http("GET", f"{base}/api/v1/patients", cookie=cookie)
            assert status == 200
            assert len(caseload) == 15
        assert sum(1 for p in caseload if p["active_pathway_id"]) >= 10

        _, headers, _ = http("POST", f"{base}/api/v1/auth/dev-login", {"username": "lise"})
        _, _, everyone = http("GET", f"{base}/api/v1/patients", cookie=headers["Set-Cookie"].split(";", 1)[0])
        assert len(everyone) == 30
        with pytest.raises(urllib.error.HTTPError) as anonymous:
            http("GET", f"{base}/api/v1/patients")
        assert anonymous.value.code == 401
        anonymous.value.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    output = log_path.read_text()
    assert "Fjordvik kommune" in output
    assert f"Viktig runs at http://localhost:{port}/" in output


def wait_until_up(base: str, server: subprocess.Popen, log_path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"viktig serve exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            status, _, _ = http("GET", f"{base}/api/v1/ping")
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"viktig serve did not answer within {seconds} s:\n{log_path.read_text()}")
