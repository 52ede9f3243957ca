"""The service worker's request → strategy table (service_worker/routes.js), run in Chromium."""

from __future__ import annotations

from app.pwa import SW_DIR
from tests.service_worker.test_sw import CASES


def test_routes_send_api_to_network_navigation_to_shell_statics_to_cache(browser):
    source = (SW_DIR / "routes.js").read_text()
    page = browser.new_page()
    got = page.evaluate("""([source, cases]) => {
        const strategyFor = new Function(source + '; return strategyFor;')();
        return cases.map(([method, url, mode]) => strategyFor(
          {url: new URL(url, 'http://127.0.0.1:5000').href, method, mode}, 'http://127.0.0.1:5000'));
    }""", [source, [c[:3] for c in CASES]])
    page.close()
    assert got == [c[3] for c in CASES]
