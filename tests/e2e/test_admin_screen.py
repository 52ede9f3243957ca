"""The admin screen: create a nurse and show her one-time enrolment link, and the patient's audit log
«Hvem har sett journalen?» with its CSV download."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e import pages


def _admin(server) -> None:
    from app.extensions import db
    from app.services.users import create_user

    with server.app.app_context():
        create_user(server.world.org, "ada", "Ada Admin", "admin", [])
        db.session.commit()


def test_admin_creates_a_nurse_with_a_link_and_reads_who_has_seen_the_record(live_server, open_profile):
    _admin(live_server)
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url, "ada")
    page.get_by_role("link", name="Administrasjon").click()
    expect(page.get_by_role("heading", name="Brukere og tilgang").first).to_be_visible()

    page.get_by_label("Brukernavn").fill("nora")
    page.get_by_label("Fullt navn").fill("Nora Nyansatt")
    page.get_by_role("button", name="Opprett og lag lenke").click()
    link = page.get_by_test_id("enrolment-link")
    expect(link).to_contain_text("Engangslenke for Nora Nyansatt")
    expect(link.locator(".link-box")).to_contain_text("/#/enrol/")
    expect(page.locator("[data-username=nora]")).to_be_visible()

    page.get_by_label("Pasient", exact=True).select_option(label="Hansen, Ola")
    page.get_by_role("button", name="Vis logg").click()
    table = page.get_by_test_id("audit-table")
    expect(table).to_contain_text("Ada Admin")  # her own sync pull read the record
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned CSV").click()
    csv = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv.splitlines()[0].startswith("at,display_name,username,action")
    assert "audit log viewed" in csv  # looking at the log was logged


def test_a_nurse_gets_no_admin_link(live_server, open_profile):
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    expect(page.get_by_role("link", name="Administrasjon")).to_have_count(0)
    page.evaluate("location.hash = '#/admin'")
    expect(page.get_by_text("Bare ledere og administratorer har tilgang her.")).to_be_visible()


def test_admin_moves_a_nurse_to_another_team_and_then_deactivates_her(live_server, open_profile):
    from app.extensions import db
    from app.models import Team, User

    _admin(live_server)
    with live_server.app.app_context():
        db.session.add(Team(org_id=live_server.world.org, name="Sone Sør"))
        db.session.commit()
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url, "ada")
    page.get_by_role("link", name="Administrasjon").click()
    kari = page.locator("[data-username=kari]")
    kari.get_by_role("button", name="Endre").click()
    changes = kari.get_by_test_id("user-changes")
    changes.get_by_label("Sone Nord").uncheck()
    changes.get_by_label("Sone Sør").check()
    changes.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Endringene for Kari Nordmann er lagret.")).to_be_visible()
    expect(page.locator("[data-username=kari]")).to_contain_text("Sone Sør")
    with live_server.app.app_context():
        assert [t.name for t in db.session.get(User, live_server.world.kari).teams] == ["Sone Sør"]

    page.locator("[data-username=kari]").get_by_role("button", name="Endre").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("user-changes").get_by_label("Kan logge inn").uncheck()
    page.get_by_test_id("user-changes").get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-username=kari]")).to_contain_text("Deaktivert")
    with live_server.app.app_context():
        assert db.session.get(User, live_server.world.kari).active is False
