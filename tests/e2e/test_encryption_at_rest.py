"""Everything a nurse typed is unreadable on the device: every IndexedDB database and object store is read
raw, bypassing the app, and the visit's unique marker is found nowhere in plaintext."""

from __future__ import annotations

import uuid

from tests.e2e import pages

RAW_DUMP = """async () => {
  const decode = (bytes) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const plain = (value) => JSON.stringify(value, (_key, v) => {
    if (v instanceof ArrayBuffer) return decode(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return decode(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return v;
  });
  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error);
  });
  const dumps = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    for (const store of Array.from(db.objectStoreNames)) {
      const tx = db.transaction(store);
      const [values, keys] = await Promise.all([request(tx.objectStore(store).getAll()),
                                                request(tx.objectStore(store).getAllKeys())]);
      dumps.push({ db: name, store, rows: values.length, text: plain(values) + plain(keys) });
    }
    db.close();
  }
  dumps.push({ db: 'localStorage', store: '-', rows: localStorage.length, text: JSON.stringify({ ...localStorage }) });
  return dumps;
}"""


def test_a_captured_visit_is_nowhere_in_plaintext_on_the_device(live_server, open_profile):
    marker = f"MARKER-{uuid.uuid4().hex[:12]}"
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    pages.wait_controlled(page)
    context.set_offline(True)
    pages.open_patient(page, "Hansen")
    pages.record_conversation(page, f"Å klare seg selv {marker}", [f"Mål {marker}"])
    pages.record_psfs_baseline(page, [(f"Aktivitet {marker}", 4)])
    assert pages.unsent_count(page) == 2

    dumps = page.evaluate(RAW_DUMP)
    stores = {(d["db"], d["store"]) for d in dumps if d["rows"]}
    assert len(stores) >= 2, f"expected the records and the outbox among the stores, got {stores}"
    leaks = [(d["db"], d["store"]) for d in dumps if marker in d["text"] or "Hansen" in d["text"]]
    assert leaks == [], f"plaintext patient data in {leaks}"

    # The same text is there for the nurse through the app (the PSFS follow-up is pre-filled with the
    # baseline's activities), so the search above was able to find it had it been stored in plaintext.
    pages.open_patient(page, "Hansen")
    page.locator("a.btn-action[href^='#/psfs/']").click()
    page.wait_for_function("""(marker) => Array.from(document.querySelectorAll('input'))
        .some((input) => input.value.includes(marker))""", arg=marker, timeout=10000)
