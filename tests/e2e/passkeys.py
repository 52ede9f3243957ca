"""Passkey steps for the browser tests: invite a nurse, give the page a CDP virtual authenticator, enrol
from the link, lock and unlock."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e import pages

PIN = "482913"


def invite(server, username: str, display_name: str = "Nina Nyansatt") -> str:
    """A nurse of team Nord created the way an admin does it; returns her one-time enrolment token."""
    from app.extensions import db
    from app.services.users import create_enrolment_token, create_user

    with server.app.app_context():
        user = create_user(server.world.org, username, display_name, "nurse", [server.world.team])
        token = create_enrolment_token(user, 72)
        db.session.commit()
        return token


def add_authenticator(context, page: Page, has_prf: bool) -> str:
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "hasPrf": has_prf, "automaticPresenceSimulation": True}})["authenticatorId"]


def enrol_and_log_in(page: Page, base_url: str, token: str, pin: str | None = None) -> None:
    """Open the link, create the passkey; the app logs in with it at once (and asks for a PIN when the
    passkey has no PRF); the first sync brings the caseload."""
    page.goto(f"{base_url}/#/enrol/{token}")
    pages.wait_ready(page)
    page.get_by_label("Navn på nettbrettet").fill("Nettbrett 7")
    page.get_by_role("button", name="Lag passnøkkel").click()
    if pin:
        expect(page.get_by_role("heading", name="Velg en PIN-kode")).to_be_visible(timeout=15000)
        page.get_by_label("PIN-kode", exact=True).fill(pin)
        page.get_by_label("Gjenta PIN-koden").fill(pin)
        page.get_by_role("button", name="Lagre PIN-kode").click()
    expect(page.get_by_role("heading", name="Mine pasienter")).to_be_visible(timeout=15000)
    expect(page.locator(".patient-row").first).to_be_visible(timeout=15000)
    pages.wait_sync_idle(page)


def lock(page: Page) -> None:
    page.get_by_role("button", name="Lås", exact=True).click()
    expect(page.get_by_role("heading", name="Viktig er låst")).to_be_visible()


def unlock_with_passkey(page: Page) -> None:
    page.get_by_role("button", name="Lås opp med passnøkkel").click()
    expect(page.get_by_role("heading", name="Viktig er låst")).to_have_count(0, timeout=10000)


def unlock_with_pin(page: Page, pin: str) -> None:
    page.get_by_label("PIN-kode", exact=True).fill(pin)
    page.get_by_role("button", name="Lås opp", exact=True).click()
