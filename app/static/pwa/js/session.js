// Log in (development login until passkeys land), log out, and wipe the device's data.
import { api } from './sync/http.js';
import { setMeta } from './store/meta.js';
import { DB_NAME, openDB } from './store/db.js';
import { lock } from './vault/keyring.js';

export async function devLogin(username) {
  const me = await api('/auth/dev-login', { method: 'POST', body: { username } });
  await setMeta('user', me);
  return me;
}

export async function logoutAndWipe() {
  try { await api('/auth/logout', { method: 'POST', body: {} }); } catch { /* offline: the cookie expires */ }
  lock();
  (await openDB()).close();
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
  localStorage.removeItem('viktig.sentinel');
}
