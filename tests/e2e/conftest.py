"""Browser tests: the real app on a loopback port (SQLite in a temp dir) and Debian's Chromium.

The shell is served from a copy of app/static/pwa per test, so a test can change a file to simulate a
release without touching the tree.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import databases
from tests.browser import CHROMIUM, LAUNCH_ARGS  # the session browser fixtures are in tests/conftest.py

PWA_SOURCE = Path(__file__).resolve().parents[2] / "app" / "static" / "pwa"
TABLET = {"width": 1024, "height": 768}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def e2e_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e-template")
    os.environ.setdefault("VIKTIG_SECRET_KEY", "test-only-secret")
    os.environ["VIKTIG_INSTANCE"] = str(folder)
    path = folder / "template.sqlite3"
    databases.migrate(f"sqlite:///{path}", folder)
    return path


SEED_PATIENTS = (("Ola", "Hansen", "1938-04-02"), ("Berit", "Olsen", "1942-11-19"), ("Per", "Aas", "1935-01-30"))


def seed(app, patients=SEED_PATIENTS) -> SimpleNamespace:
    """Team Nord with nurse kari and patients on active pathways, written through apply_change so the
    change feed (and so /sync/pull) has them. bench/pwa_bench.py seeds its 300 patients with this too."""
    from app.access import reset_actor, set_actor
    from app.extensions import db
    from app.models import Organisation, Team
    from app.services.records import apply_change
    from app.services.users import create_user
    from app.sessions import actor_for

    with app.app_context():
        org = Organisation(name="Testkommune")
        db.session.add(org)
        db.session.flush()
        nord = Team(org_id=org.id, name="Sone Nord")
        db.session.add(nord)
        db.session.flush()
        kari = create_user(org.id, "kari", "Kari Nordmann", "nurse", [nord.id])
        actor = actor_for(kari, "seed-device")
        token = set_actor(actor)
        created = {}
        try:
            for i, (given, family, born) in enumerate(patients):
                pid, wid = str(uuid.uuid4()), str(uuid.uuid4())
                apply_change(actor, "patient", "create", pid,
                             {"team_id": nord.id, "given_name": given, "family_name": family,
                              "birth_date": born, "address": "Fjordveien 1", "phone": ""})
                apply_change(actor, "pathway", "create", wid,
                             {"patient_id": pid, "kind": "hjemkomst", "status": "active",
                              "start_date": (date.today() - timedelta(days=2 + i % 40)).isoformat()})
                created[given] = SimpleNamespace(id=pid, pathway=wid)
            db.session.commit()
        finally:
            reset_actor(token)
        return SimpleNamespace(org=org.id, team=nord.id, kari=kari.id, patients=created)


class LiveServer:
    def __init__(self, app, pwa_dir: Path, world):
        from werkzeug.serving import make_server

        self.app, self.pwa_dir, self.world = app, pwa_dir, world
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def count(self, model, **filters) -> int:
        from sqlalchemy import func, select

        from app.extensions import db

        with self.app.app_context():
            stmt = select(func.count()).select_from(model)
            for name, value in filters.items():
                stmt = stmt.where(getattr(model, name) == value)
            return db.session.scalar(stmt)

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)
        with self.app.app_context():
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def live_server(e2e_template, tmp_path):
    from app import create_app

    db_url = databases.copy_sqlite(e2e_template, tmp_path / "viktig.sqlite3")
    pwa_dir = tmp_path / "pwa"
    shutil.copytree(PWA_SOURCE, pwa_dir)
    os.environ["VIKTIG_INSTANCE"] = str(tmp_path)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, "PWA_DIR": str(pwa_dir)})
    server = LiveServer(app, pwa_dir, seed(app))
    yield server
    server.stop()


@pytest.fixture
def profile_dir(tmp_path):
    path = tmp_path / "chromium-profile"
    path.mkdir()
    return path


@pytest.fixture
def open_profile(playwright_instance, profile_dir):
    """open_profile() launches Chromium on a persistent profile (as a tablet keeps its storage);
    call it again after closing to 'restart the browser'."""
    opened = []

    def _open(**kw):
        context = playwright_instance.chromium.launch_persistent_context(
            str(profile_dir), executable_path=CHROMIUM, args=LAUNCH_ARGS, viewport=kw.pop("viewport", TABLET),
            locale="nb-NO", **kw)
        opened.append(context)
        return context

    yield _open
    for context in opened:
        try:
            context.close()
        except Exception:  # noqa: BLE001 - already closed by the test
            pass


@pytest.fixture
def passkey_server(live_server):
    """The live server as http://localhost:<port>: passkeys need a host name (an IP address is no RP ID),
    and localhost is a secure context without TLS."""
    url = live_server.url.replace("127.0.0.1", "localhost")
    live_server.app.config.update(RP_ID="localhost", ALLOWED_ORIGINS=[url])
    live_server.url = url
    return live_server
