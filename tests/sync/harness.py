"""Real-process sync harness: a migrated database with nurses and pathways, gunicorn in its own process
group, and plain HTTP helpers. Used by the chaos and crash tests and by bench/sync_burst.py."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'viktig.sqlite3'}"


def fresh_database(kind: str, folder: Path, pg_schema: str) -> str:
    """A migrated, empty database: a new SQLite file in `folder`, or a recreated PostgreSQL schema."""
    from tests import databases

    if kind == "sqlite":
        url = sqlite_url(folder)
    else:
        databases.reset_pg_schema(pg_schema)
        url = databases.pg_url(pg_schema)
    databases.migrate(url, folder)
    return url


@dataclass(frozen=True)
class Nurse:
    username: str
    team_id: str
    pathway_id: str
    foreign_pathway_id: str  # a pathway of another team, which she must not write into


def seed(url: str, nurses: int, folder: Path) -> list[Nurse]:
    """An organisation with two teams; each nurse gets a patient with an active pathway in her team."""
    from app import create_app
    from app.extensions import db
    from app.models import Organisation, Pathway, Patient, Team
    from app.services.users import create_user

    os.environ["VIKTIG_INSTANCE"] = str(folder)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        org = Organisation(name="Kaoskommune")
        db.session.add(org)
        db.session.flush()
        teams = [Team(org_id=org.id, name=name) for name in ("Sone Nord", "Sone Sør")]
        db.session.add_all(teams)
        db.session.flush()
        pathways: list[tuple[str, str, str]] = []
        for n in range(nurses):
            team = teams[n % 2]
            username = f"nurse{n:03d}"
            create_user(org.id, username, f"Nurse {n}", "nurse", [team.id])
            patient = Patient(team_id=team.id, given_name="Pasient", family_name=f"{n:03d}",
                              birth_date=date(1940, 1, 1))
            db.session.add(patient)
            db.session.flush()
            pathway = Pathway(patient_id=patient.id, start_date=date.today() - timedelta(days=3))
            db.session.add(pathway)
            db.session.flush()
            pathways.append((username, team.id, pathway.id))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    by_team = {team_id: pathway_id for _, team_id, pathway_id in pathways}
    return [Nurse(user, team_id, pathway_id, next(p for t, p in by_team.items() if t != team_id))
            for user, team_id, pathway_id in pathways]


class Server:
    """gunicorn with two sync workers, started in a new session so the whole group can be SIGKILLed."""

    def __init__(self, url: str, folder: Path, port: int | None = None, workers: int = 2):
        self.url, self.folder, self.workers = url, folder, workers
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 30) -> Server:
        env = {**os.environ, "DATABASE_URL": self.url, "VIKTIG_DEV_LOGIN": "1",
               "VIKTIG_INSTANCE": str(self.folder), "VIKTIG_SECRET_KEY": "harness-only-secret"}
        self._log = open(self.folder / f"gunicorn-{self.port}.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
             "--timeout", "120", "--graceful-timeout", "5", "app:create_app()"],
            cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self._log.name}")
            try:
                if request("127.0.0.1", self.port, "GET", "/api/v1/ping", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.folder}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no handler runs, no transaction finishes."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._close_log()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self._close_log()
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def request(host: str, port: int, method: str, path: str, body: dict | None = None,
            cookie: str | None = None, timeout: float = 30) -> tuple[int, dict | None, str | None]:
    """One HTTP exchange on a fresh connection: (status, JSON body or None, session cookie if set).
    Raises OSError or http.client.HTTPException when the connection breaks."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if cookie:
            headers["Cookie"] = cookie
        payload = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        set_cookie = response.getheader("Set-Cookie")
        new_cookie = set_cookie.split(";", 1)[0] if set_cookie else None
        try:
            data = json.loads(raw) if raw else None
        except ValueError as exc:
            raise http.client.IncompleteRead(raw) from exc
        return response.status, data, new_cookie
    finally:
        conn.close()


def login(host: str, port: int, username: str, attempts: int = 50) -> str:
    for attempt in range(attempts):
        try:
            status, _, cookie = request(host, port, "POST", "/api/v1/auth/dev-login", {"username": username})
            if status == 200 and cookie:
                return cookie
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(min(0.05 * 2 ** attempt, 1.0))
    raise RuntimeError(f"could not log in {username}")


def new_id() -> str:
    return str(uuid.uuid4())
