// IndexedDB in promises: open with versioned migrations, transactions that resolve on `complete`.
export const DB_NAME = 'viktig';
export const DB_VERSION = 1;

// Migrations keyed on the old version, in one place, so a queued entry survives an app update.
const MIGRATIONS = [
  (db) => {
    db.createObjectStore('meta');
    db.createObjectStore('keys');
    const records = db.createObjectStore('records', { keyPath: 'id' });
    records.createIndex('entity', 'entity');
    records.createIndex('parent', 'parent'); // HMAC of the parent id, never the id itself
    const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('seq', 'seq');
    db.createObjectStore('drafts', { keyPath: 'key' });
  },
];

export function upgrade(db, oldVersion) {
  for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v](db);
}

let opening = null;
export function openDB(name = DB_NAME, version = DB_VERSION) {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(name, version);
      req.onupgradeneeded = (e) => upgrade(req.result, e.oldVersion);
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => { db.close(); opening = null; }; // let a newer tab migrate
        resolve(db);
      };
      req.onerror = () => { opening = null; reject(req.error); };
      req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
    });
  }
  return opening;
}

export function promisify(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Run fn(stores) in one transaction; resolves with fn's result once the transaction has committed.
// fn must only queue requests (never await unrelated work), or the transaction auto-commits early.
export async function tx(storeNames, mode, fn) {
  const db = await openDB();
  const names = [].concat(storeNames);
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode);
    const stores = Object.fromEntries(names.map((n) => [n, t.objectStore(n)]));
    let result;
    // A request that throws at once (a full disk, an uncloneable value) must undo the ones queued before it.
    new Promise((ok) => ok(fn(stores, t))).then((r) => { result = r; }, (err) => { abortQuietly(t); reject(err); });
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

function abortQuietly(t) {
  try { t.abort(); } catch { /* already committed or aborted */ }
}

export const get = (store, key) => tx(store, 'readonly', (s) => promisify(s[store].get(key)));
export const getAll = (store) => tx(store, 'readonly', (s) => promisify(s[store].getAll()));
export const put = (store, value, key) => tx(store, 'readwrite', (s) => { s[store].put(value, key); });
export const del = (store, key) => tx(store, 'readwrite', (s) => { s[store].delete(key); });
