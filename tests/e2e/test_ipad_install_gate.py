"""On iPadOS, Safari deletes a website's storage after 7 days without a visit; an app on the Home Screen keeps
it. So in Safari the nurse may read her caseload, but every capture screen shows how to install instead of a
form: nothing typed there can silently disappear. Chromium plays Safari here through its user agent, and an init
script sets what Safari sets (`navigator.platform`, touch points, `navigator.standalone` on the Home Screen)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import pages
from tests.e2e.conftest import TABLET

# Since iPadOS 13 Safari says it is a Mac; only the touch points give the iPad away.
IPAD_DESKTOP_CLASS = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                      "(KHTML, like Gecko) Version/17.5 Safari/605.1.15")
IPAD_MOBILE_SITE = ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
ANDROID_TABLET = ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 "
                  "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")

CAPTURE_LINKS = ("«Hva er viktig for deg?»", "PSFS utgangspunkt", "Sjekkliste for forløpet",
                 "Klinisk skrøpelighetsskala (CFS)")
INSTALL_TITLE = "Installer Viktig før du registrerer"


def ipad_script(standalone: bool) -> str:
    return f"""
      Object.defineProperty(Navigator.prototype, 'platform', {{ get: () => 'MacIntel' }});
      Object.defineProperty(Navigator.prototype, 'maxTouchPoints', {{ get: () => 5 }});
      Object.defineProperty(Navigator.prototype, 'standalone', {{ get: () => {str(standalone).lower()} }});
    """


def open_as(browser, user_agent: str | None = None, init_script: str | None = None):
    context = browser.new_context(viewport=TABLET, locale="nb-NO", has_touch=True,
                                  **({"user_agent": user_agent} if user_agent else {}))
    if init_script:
        context.add_init_script(init_script)
    return context, context.new_page()


def assert_forms_offered(page) -> None:
    for link in CAPTURE_LINKS:
        page.get_by_role("link", name=link).click()
        expect(page.locator("form")).to_be_visible()
        expect(page.get_by_role("heading", name=INSTALL_TITLE)).to_have_count(0)
        page.go_back()


@pytest.mark.parametrize("user_agent", [IPAD_DESKTOP_CLASS, IPAD_MOBILE_SITE], ids=["ipados", "ipad-mobile-site"])
def test_nurse_in_ipad_safari_reads_her_caseload_but_is_shown_how_to_install_before_recording(
        live_server, browser, user_agent):
    context, page = open_as(browser, user_agent, ipad_script(standalone=False))
    pages.login(page, live_server.url)
    expect(page.locator(".patient-row")).to_have_count(3)
    expect(page.locator(".patient-row", has_text="Hansen")).to_contain_text("Samtale mangler")

    pages.open_patient(page, "Hansen")
    expect(page.get_by_role("alert")).to_contain_text(INSTALL_TITLE)
    expect(page.get_by_role("alert")).to_contain_text("Legg til på Hjem-skjerm")
    for link in CAPTURE_LINKS:
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=INSTALL_TITLE)).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("sletter Safari data")
        expect(page.locator("main form, main input, main textarea")).to_have_count(0)
        expect(page.get_by_role("button", name="Lagre")).to_have_count(0)
        page.go_back()
    context.close()


def test_home_screen_app_on_ipad_offers_the_forms(live_server, browser):
    context, page = open_as(browser, IPAD_DESKTOP_CLASS, ipad_script(standalone=True))
    pages.login(page, live_server.url)
    pages.open_patient(page, "Hansen")
    expect(page.get_by_role("heading", name=INSTALL_TITLE)).to_have_count(0)
    assert_forms_offered(page)
    # And the nurse can really record there.
    pages.record_conversation(page, "Å bo hjemme", ["Gå i butikken"])
    context.close()


@pytest.mark.parametrize("user_agent", [ANDROID_TABLET, None], ids=["android-chrome", "desktop-chromium"])
def test_android_and_desktop_browsers_are_not_asked_to_install(live_server, browser, user_agent):
    context, page = open_as(browser, user_agent)
    pages.login(page, live_server.url)
    pages.open_patient(page, "Hansen")
    expect(page.get_by_role("heading", name=INSTALL_TITLE)).to_have_count(0)
    assert_forms_offered(page)
    context.close()
