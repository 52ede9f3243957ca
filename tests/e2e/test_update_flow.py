"""A new release is fetched in the background, offered with «Ny versjon klar», and applied only when
the nurse accepts and her open form is saved; the new shell then runs offline."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e import pages


def release(pwa_dir, marker: str) -> None:
    index = pwa_dir / "index.html"
    meta = f'<meta name="viktig-release" content="{marker}">\n  <title>'
    index.write_text(index.read_text().replace("<title>", meta))
    css = pwa_dir / "css" / "app.css"
    css.write_text(css.read_text() + f"\n/* release {marker} */\n")


def test_release_waits_for_open_form_then_runs_offline(live_server, open_profile):
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    pages.wait_controlled(page)
    pages.open_patient(page, "Hansen")
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    page.get_by_label("Hva er viktig for pasienten").fill("Å komme seg ut i hagen")
    page.evaluate("() => { window.__samePage = true; }")

    release(live_server.pwa_dir, "2")
    page.evaluate("() => window.viktig.checkForUpdate()")
    banner = page.locator("[data-banner=update]")
    expect(banner).to_contain_text("Ny versjon klar – oppdater", timeout=15000)
    banner.get_by_role("button", name="Oppdater").click()
    page.wait_for_timeout(1500)
    # Accepted, but the form is open: nothing is interrupted.
    assert page.evaluate("() => window.__samePage === true")
    expect(page.get_by_label("Hva er viktig for pasienten")).to_have_value("Å komme seg ut i hagen")

    with page.expect_event("load", timeout=15000):
        page.get_by_role("button", name="Lagre").click()
    pages.wait_ready(page)
    assert page.evaluate("() => window.__samePage === undefined")
    expect(page.locator('meta[name="viktig-release"]')).to_have_attribute("content", "2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hansen")
    expect(page.locator("[data-entity=conversation]")).to_have_count(1)  # saved before the reload

    context.set_offline(True)
    page.reload()
    pages.wait_ready(page)
    expect(page.locator('meta[name="viktig-release"]')).to_have_attribute("content", "2")
    pages.open_patient(page, "Hansen")
    expect(page.locator("[data-entity=conversation]")).to_have_count(1)
