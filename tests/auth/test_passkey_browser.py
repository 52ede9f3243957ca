"""Real Chromium with a CDP virtual authenticator: enrol from a link, log in, seal the data keys with the
passkey's PRF output (or a PIN when there is none) and unlock them again with no server."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests import databases
from tests.auth.helpers import invite

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
HARNESS = Path(__file__).parent / "harness"
PIN = "482913"


@pytest.fixture
def db_url(tmp_path, sqlite_template):
    # One database is enough here: the server side runs on both in the API tests.
    return databases.copy_sqlite(sqlite_template, tmp_path / "viktig.sqlite3")


@pytest.fixture
def server(app, world):
    from flask import send_from_directory
    from werkzeug.serving import make_server

    # The harness page is served by the test only; the app itself has no such route.
    app.add_url_rule("/test-harness/<path:name>", "test_harness",
                     lambda name: send_from_directory(HARNESS, name))
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://localhost:{httpd.server_port}"
    app.config.update(ALLOWED_ORIGINS=[base], RP_ID="localhost")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    thread.join(5)


def _page_with_authenticator(browser, base: str, has_prf: bool):
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "hasPrf": has_prf, "automaticPresenceSimulation": True}})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{base}/test-harness/index.html")
    # wait_for_function would need eval, which the app's CSP (rightly) forbids.
    page.locator("#ready", has_text="ready").wait_for()
    assert errors == []
    return context, page, cdp


def _offline_proof(context, page) -> None:
    context.set_offline(True)
    failed = page.evaluate("fetch('/api/v1/ping').then(() => false, () => true)")
    assert failed, "the page could still reach the server"


def test_nurse_enrols_logs_in_and_unlocks_offline_with_passkey_prf(app, server, browser):
    token = invite(app, "kari")
    context, page, cdp = _page_with_authenticator(browser, server, has_prf=True)
    enrolled = page.evaluate("t => harness.enrol(t)", token)
    assert enrolled == {"username": "kari", "prfEnabled": True}

    sealed = page.evaluate("harness.loginAndSeal()")
    assert sealed["username"] == "kari" and sealed["kind"] == "prf"
    assert sealed["prfBytes"] == 32  # the PRF output reached the page
    me = page.evaluate("fetch('/api/v1/auth/me').then(r => r.json())")
    assert me["username"] == "kari"
    assert page.evaluate("harness.openWithOtherPrfOutput()") == "OperationError"

    _offline_proof(context, page)
    page.evaluate("harness.lock()")
    assert page.evaluate("harness.unlockWithPasskey()") == "Hva er viktig for deg? Hagen."
    context.close()


def test_passkey_without_prf_falls_back_to_a_pin_with_lockout(app, server, browser):
    token = invite(app, "kari")
    context, page, cdp = _page_with_authenticator(browser, server, has_prf=False)
    enrolled = page.evaluate("t => harness.enrol(t)", token)
    assert enrolled["prfEnabled"] is False

    sealed = page.evaluate("p => harness.loginAndSeal(p)", PIN)
    assert sealed["kind"] == "pin" and sealed["prfBytes"] == 0
    _offline_proof(context, page)
    page.evaluate("harness.lock()")
    assert page.evaluate("p => harness.unlockWithPin(p)", PIN) == {"text": "Hva er viktig for deg? Hagen."}

    for attempt in range(1, 5):
        wrong = page.evaluate("harness.unlockWithPin('000001')")
        assert wrong["code"] == "wrong" and wrong["attemptsLeft"] == 10 - attempt
    fifth = page.evaluate("harness.unlockWithPin('000001')")
    assert fifth["code"] == "wrong" and fifth["retryAt"]
    locked = page.evaluate("p => harness.unlockWithPin(p)", PIN)
    assert locked["code"] == "locked"  # even the right PIN waits
    day = 24 * 3600 * 1000
    for attempt in range(6, 10):  # each try a day later, past the growing lock
        assert page.evaluate("o => harness.unlockWithPin('000001', o)", day * attempt)["code"] == "wrong"
    assert page.evaluate("o => harness.unlockWithPin('000001', o)", day * 10)["code"] == "wiped"
    assert page.evaluate("harness.failures()")["wiped"] is True
    assert page.evaluate("([p, o]) => harness.unlockWithPin(p, o)", [PIN, day * 11])["code"] == "wiped"
    context.close()
