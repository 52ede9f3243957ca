"""The leader opens /board in Chromium: run chart with median and a flagged shift, signals in words,
due lists, a CSV download; screenshots of the board and of a visit summary go to docs/screenshots/."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests import databases
from tests.reports.seed import checklist, day

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Checklist fulfilment of a run of earlier pathways: alternating, then a lasting rise (a shift).
EARLIER = [40, 80, 60, 100, 30, 50, 40, 60, 30, 50, 40, 60, 90, 80, 100, 90, 80, 100, 90, 80]

pytestmark = pytest.mark.browser


@pytest.fixture
def live(tmp_path):
    if not Path(CHROMIUM).exists():
        if databases.must_not_skip():
            pytest.fail(f"{CHROMIUM} is missing (CI requires the browser tests)")
        pytest.skip(f"{CHROMIUM} is missing")
    from werkzeug.serving import make_server

    from app import create_app
    from app.database import upgrade_schema
    from app.extensions import db

    os.environ["VIKTIG_INSTANCE"] = str(tmp_path)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'board.sqlite3'}"})
    upgrade_schema(app)
    with app.app_context():
        summary_pathway = _seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", summary_pathway
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _seed(app) -> str:
    """The demo municipality when app.demo exists, plus earlier pathways in Sone Nord whose checklist
    fulfilment shifts upwards; returns a pathway worth printing a summary of."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import PsfsAssessment, Team

    try:
        from app.demo import seed_demo
    except ImportError:
        seed_demo = None
    if seed_demo is not None:
        seed_demo()
        nurse = "kari"
    else:
        nurse = _own_world()
    from tests.reports.seed import Seeder

    nord = db.session.scalars(select(Team.id).where(Team.name == "Sone Nord")).first()
    seeder = Seeder(nurse)
    for i, value in enumerate(EARLIER):
        seeder.pathway(nord, day(-175 + 5 * i), name=f"Tidlig Pasient{i + 1}", conversation=day(-174 + 5 * i),
                       baseline=(day(-174 + 5 * i), [3, 4]), checklist=checklist(value // 10))
    db.session.commit()
    follow_up = db.session.scalars(select(PsfsAssessment.pathway_id)
                                   .where(PsfsAssessment.kind == "follow_up")
                                   .order_by(PsfsAssessment.assessed_on.desc())).first()
    return follow_up


def _own_world() -> str:
    from app.extensions import db
    from app.models import Organisation, Team
    from app.services.users import create_user

    org = Organisation(name="Testkommune")
    db.session.add(org)
    db.session.flush()
    nord = Team(org_id=org.id, name="Sone Nord")
    db.session.add(nord)
    db.session.flush()
    create_user(org.id, "kari", "Kari Nordmann", "nurse", [nord.id])
    create_user(org.id, "lise", "Lise Leder", "leader", [nord.id])
    db.session.commit()
    return "kari"


def show(page) -> None:
    """Press «Vis» and wait until the board has drawn the answer to this very request."""
    from playwright.sync_api import expect

    page.click("#filters button[type=submit]")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)


def test_leader_sees_the_shift_on_the_board_and_downloads_the_csv(live, tmp_path, browser):
    from playwright.sync_api import expect

    url, summary_pathway = live
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True, locale="nb-NO")
    # The browser is shared by the whole run (tests/conftest.py); this test owns its context.
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        assert context.request.post("/api/v1/auth/dev-login", data={"username": "lise"}).ok

        page.goto("/board")
        expect(page.locator("body[data-ready=true]")).to_have_count(1)
        page.fill("#from", day(-180).isoformat())
        show(page)
        chart = page.locator("#chart-checklist")
        expect(chart.locator("svg line.median")).to_have_count(1)
        assert chart.locator("svg circle.point").count() >= len(EARLIER)
        assert chart.locator("svg circle.point.flagged").count() >= 8
        expect(chart.locator(".signals h4")).to_have_text("Signal om ikke-tilfeldig variasjon")
        expect(chart.locator(".signals")).to_contain_text("Anhøj")
        expect(page.locator("#stages li")).to_have_count(6)
        expect(page.locator("#chart-followup svg")).to_have_count(1)

        page.select_option("#rules", "ihi")
        show(page)
        expect(chart.locator(".signals")).to_contain_text("Skift")

        with page.expect_download() as download_info:
            page.click("#csv-checklist")
        download = download_info.value
        assert download.suggested_filename == "viktig-checklist.csv"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = saved.read_text(encoding="utf-8-sig")
        assert text.startswith("pasient,team,forlop_start,oppfyllelse_prosent")
        assert "Tidlig" not in text  # pseudonymised: no names

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.select_option("#rules", "anhoej")
        show(page)
        expect(chart.locator(".signals")).to_contain_text("Anhøj")
        page.screenshot(path=str(SCREENSHOTS / "board.png"), full_page=True)

        page.goto(f"/pathways/{summary_pathway}/summary")
        expect(page.locator("h1")).to_have_text("Oppsummering fra hjemmesykepleien")
        expect(page.locator("ol.goals li").first).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "summary.png"), full_page=True)
        page.emulate_media(media="print")
        expect(page.locator("#print-button")).to_be_hidden()
        assert not errors, errors
    finally:
        context.close()
