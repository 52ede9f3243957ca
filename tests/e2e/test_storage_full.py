"""The tablet's storage is full when the nurse taps «Lagre»: she is told in plain Norwegian what to do, what she
wrote stays in the form and in its draft, and once there is room again the entry is saved and sent exactly once.

An init script plays the full disk. `window.diskFull = 'commit'` is what browsers do: the writes are queued, then
the transaction aborts with a QuotaExceededError. `'put'` makes the outbox write throw at once, after the record's
write was queued in the same transaction: the save must still keep both or neither."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import pages

DISK_FULL = """
(() => {
  window.diskFull = null;
  const full = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  const failed = new WeakSet();
  const nativeError = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'error').get;
  Object.defineProperty(IDBTransaction.prototype, 'error', {
    get() { return failed.has(this) ? full() : nativeError.call(this); } });
  const nativePut = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (window.diskFull === 'put' && this.name === 'outbox') throw full();
    const request = nativePut.apply(this, args);
    if (window.diskFull === 'commit' && !failed.has(this.transaction)) {
      const t = this.transaction;
      failed.add(t);
      queueMicrotask(() => t.abort());
    }
    return request;
  };
})();
"""

COUNT_ROWS = """async (store) => {
  const db = await new Promise((ok, fail) => { const r = indexedDB.open('viktig'); r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error); });
  const n = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).count();
    r.onsuccess = () => ok(r.result); });
  db.close();
  return n;
}"""

QUOTA_MESSAGE = "Nettbrettet er fullt, så vi kunne ikke lagre. Synkroniser og frigjør plass, og prøv igjen."
WHAT_MATTERS = "Å kunne bo hjemme og stelle hagen selv"
GOAL = "Plante poteter i mai"


def rows(page, store: str) -> int:
    return page.evaluate(COUNT_ROWS, store)


def wait_rows(page, store: str, n: int, timeout_ms: int = 5000) -> None:
    for _ in range(timeout_ms // 100):
        if rows(page, store) == n:
            return
        page.wait_for_timeout(100)
    assert rows(page, store) == n, f"{store} never held {n} rows"


@pytest.mark.parametrize("failure", ["commit", "put"])
def test_nurse_keeps_her_words_when_the_tablet_is_full_and_saves_once_there_is_room(live_server, browser, failure):
    from app.models import Conversation

    context = browser.new_context(locale="nb-NO", viewport={"width": 1024, "height": 768})
    context.add_init_script(DISK_FULL)
    page = context.new_page()
    pages.login(page, live_server.url)
    context.set_offline(True)  # at the patient's home; nothing syncs behind her back
    pages.open_patient(page, "Hansen")
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    page.get_by_label("Hvem deltok").fill("pasienten, sønn")
    page.get_by_label("Hva er viktig for pasienten").fill(WHAT_MATTERS)
    page.get_by_role("button", name="Legg til mål").click()
    page.locator(".list-editor input").last.fill(GOAL)
    wait_rows(page, "drafts", 1)  # autosaved before the disk filled up

    page.evaluate("(mode) => { window.diskFull = mode; }", failure)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text(QUOTA_MESSAGE)
    expect(page.get_by_role("alert")).not_to_contain_text("Kunne ikke lagre:")
    expect(page.get_by_label("Hva er viktig for pasienten")).to_have_value(WHAT_MATTERS)
    expect(page.locator(".list-editor input").last).to_have_value(GOAL)
    expect(page.get_by_label("Hvem deltok")).to_have_value("pasienten, sønn")
    assert "#/conversation/" in page.url
    assert rows(page, "outbox") == 0
    assert rows(page, "drafts") == 1, "the draft must survive a failed save"
    assert pages.unsent_count(page) == 0

    page.evaluate("() => { window.diskFull = null; }")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=conversation]")).to_have_count(1)
    assert rows(page, "outbox") == 1
    expect(page.locator("#status-chip")).to_have_attribute("data-unsent", "1")
    # Saved means done: the form opens empty next time, not with the saved text offered as a draft.
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    expect(page.get_by_label("Hva er viktig for pasienten")).to_have_value("")
    expect(page.get_by_text("Vi fant et utkast")).to_have_count(0)
    page.go_back()

    # What the tablet really holds: one entry, not a stray half-saved copy beside it.
    page.reload()
    pages.wait_ready(page)
    expect(page.locator("[data-entity=conversation]")).to_have_count(1)

    context.set_offline(False)
    page.locator("#status-chip").click()
    page.get_by_role("button", name="Synkroniser nå").click()
    expect(page.get_by_test_id("sync-summary")).to_contain_text("Alt er sendt", timeout=15000)
    assert live_server.count(Conversation, pathway_id=live_server.world.patients["Ola"].pathway) == 1
    context.close()
