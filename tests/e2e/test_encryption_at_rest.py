"""Everything a nurse typed is unreadable on the device: every IndexedDB database and object store is read
raw with cursors, bypassing the app, and the visit's unique marker and the patient's name are found nowhere
in plaintext. A plaintext control row proves the raw read would have found them."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e import pages
from tests.e2e.passkeys import add_authenticator, enrol_and_log_in, invite

# Every database, every store, every row through a cursor (keys and values). Values are serialised with
# ArrayBuffers and typed arrays twice: as base64 and decoded as UTF-8, so text hidden in bytes shows too.
RAW_DUMP = """async () => {
  const utf8 = (bytes) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const base64 = (bytes) => { let s = ''; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
  const bytesOf = (v) => (v instanceof ArrayBuffer ? new Uint8Array(v)
    : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null);
  const plain = (value) => JSON.stringify(value, (_key, v) => {
    const bytes = bytesOf(v);
    if (bytes) return { base64: base64(bytes), utf8: utf8(bytes) };
    if (v instanceof CryptoKey) return { cryptoKey: v.algorithm.name, extractable: v.extractable };
    if (v instanceof Date) return v.toISOString();
    return v;
  });
  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error);
  });
  const dumps = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    for (const store of Array.from(db.objectStoreNames)) {
      const rows = await new Promise((resolve, reject) => {
        const out = [];
        const req = db.transaction(store).objectStore(store).openCursor();
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor) { resolve(out); return; }
          out.push(plain({ key: cursor.key, primaryKey: cursor.primaryKey, value: cursor.value }));
          cursor.continue();
        };
        req.onerror = () => reject(req.error);
      });
      dumps.push({ db: name, store, rows: rows.length, text: rows.join('\\n') });
    }
    db.close();
  }
  dumps.push({ db: 'localStorage', store: '-', rows: localStorage.length, text: JSON.stringify({ ...localStorage }) });
  dumps.push({ db: 'sessionStorage', store: '-', rows: sessionStorage.length,
               text: JSON.stringify({ ...sessionStorage }) });
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const texts = [];
    for (const req of await cache.keys()) {
      const type = (await cache.match(req)).headers.get('Content-Type') || '';
      if (!/javascript|css|html|json|text/.test(type)) continue;  // icons are not patient data
      texts.push(req.url, await (await cache.match(req)).text());
    }
    dumps.push({ db: `cache:${name}`, store: '-', rows: texts.length / 2, text: texts.join('\\n') });
  }
  return dumps;
}"""

# A database the app never wrote, holding the marker in plaintext the two ways data could leak.
CONTROL_ROW = """(marker) => new Promise((resolve) => {
  const req = indexedDB.open('control-plaintext', 1);
  req.onupgradeneeded = () => req.result.createObjectStore('rows');
  req.onsuccess = () => {
    const tx = req.result.transaction('rows', 'readwrite');
    tx.objectStore('rows').put({ bytes: new TextEncoder().encode('in bytes ' + marker).buffer }, 1);
    tx.oncomplete = () => { req.result.close(); resolve(); };
  };
})"""


def _log_in(method, server, context, page):
    if method == "passkey":
        add_authenticator(context, page, has_prf=True)
        enrol_and_log_in(page, server.url, invite(server, "nina"))
    else:
        pages.login(page, server.url)


@pytest.mark.parametrize("method", ["passkey", "dev-login"])
def test_a_captured_visit_is_nowhere_in_plaintext_on_the_device(method, passkey_server, open_profile):
    marker = f"MARKER-{uuid.uuid4().hex[:12]}"
    context = open_profile()
    page = context.new_page()
    _log_in(method, passkey_server, context, page)
    pages.wait_controlled(page)
    context.set_offline(True)
    pages.open_patient(page, "Hansen")
    pages.record_conversation(page, f"Å klare seg selv {marker}", [f"Mål {marker}"])
    pages.record_psfs_baseline(page, [(f"Aktivitet {marker}", 4)])
    assert pages.unsent_count(page) == 2
    # A draft too: half a conversation typed and left (autosaved, encrypted).
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    page.get_by_label("Hva er viktig for pasienten").fill(f"Utkast {marker}")
    page.wait_for_timeout(800)
    page.go_back()

    page.evaluate(CONTROL_ROW, marker)
    dumps = page.evaluate(RAW_DUMP)
    stores = {(d["db"], d["store"]) for d in dumps if d["rows"]}
    for store in ("records", "outbox", "drafts", "keys"):
        assert ("viktig", store) in stores, f"expected rows in {store}, got {sorted(stores)}"
    found = {(d["db"], d["store"]) for d in dumps if marker in d["text"]}
    assert found == {("control-plaintext", "rows")}, f"plaintext marker in {sorted(found)}"
    names = [(d["db"], d["store"]) for d in dumps if "Hansen" in d["text"] or "Fjordveien" in d["text"]]
    assert names == [], f"the patient's name or address in plaintext in {names}"

    # The same text is there for the nurse through the app (the PSFS follow-up is pre-filled with the
    # baseline's activities), so the search above was able to find it had it been stored in plaintext.
    pages.open_patient(page, "Hansen")
    page.locator("a.btn-action[href^='#/psfs/']").click()
    page.wait_for_function("""(marker) => Array.from(document.querySelectorAll('input'))
        .some((input) => input.value.includes(marker))""", arg=marker, timeout=10000)
