"""What a nurse does in the app, as Playwright steps shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def wait_ready(page: Page) -> None:
    page.wait_for_selector("body[data-ready=true]", timeout=15000)


def wait_controlled(page: Page) -> None:
    """The service worker controls the page: from now on the shell opens offline."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)


def login(page: Page, base_url: str, username: str = "kari") -> None:
    page.goto(base_url + "/")
    wait_ready(page)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Mine pasienter")).to_be_visible()
    # The first sync brings the caseload and the reference content.
    expect(page.locator(".patient-row").first).to_be_visible(timeout=15000)
    wait_sync_idle(page)


def wait_sync_idle(page: Page) -> None:
    page.wait_for_selector("body[data-sync=idle]", timeout=15000)


def open_patient(page: Page, family: str) -> None:
    page.goto(page.url.split("#")[0] + "#/")
    page.locator(".patient-row", has_text=family).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(family)


def record_conversation(page: Page, what_matters: str, goals: list[str]) -> None:
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    page.get_by_label("Hvem deltok").fill("pasienten, datter")
    page.get_by_label("Hva er viktig for pasienten").fill(what_matters)
    for goal in goals:
        page.get_by_role("button", name="Legg til mål").click()
        page.locator(".list-editor input").last.fill(goal)
    page.get_by_role("button", name="Lommekort").click()
    page.locator("dialog [data-prompt=opener_now]").click()
    page.locator("dialog").get_by_role("button", name="Lukk").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=conversation]")).to_have_count(1)


def record_psfs_baseline(page: Page, activities: list[tuple[str, int]]) -> None:
    page.get_by_role("link", name="PSFS utgangspunkt").click()
    for i, (name, score) in enumerate(activities):
        if i > 0:
            page.get_by_role("button", name="Legg til aktivitet").click()
        row = page.locator(".activity").nth(i)
        row.locator(".activity-name").fill(name)
        row.locator(f"label:text-is('{score}')").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=psfs]")).to_have_count(1)


def record_checklist(page: Page, statuses: dict[int, str]) -> None:
    page.get_by_role("link", name="Sjekkliste for forløpet").click()
    for index, label in statuses.items():
        page.locator(".check-item").nth(index).locator(f"label:text-is('{label}')").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=checklist]")).to_have_count(1)


def unsent_count(page: Page) -> int:
    return int(page.locator("#status-chip").get_attribute("data-unsent"))
