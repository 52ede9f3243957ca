// Log in (passkey, or the development login where the server allows it), seal the device's data keys,
// log out, and wipe the device's data.
import { api } from './sync/http.js';
import { getMeta, setMeta, getDeviceId } from './store/meta.js';
import { DB_NAME, openDB, tx, promisify } from './store/db.js';
import { seal, clearMemory } from './store/records.js';
import { encryptRecord, decryptRecord } from './vault/crypto.js';
import * as keyring from './vault/keyring.js';
import { enrol, login } from './auth/webauthn.js';
import { newDataKeys } from './vault/key-wrap.js';
import { newPrfSalt, sealWithPrf } from './vault/unlock-prf.js';
import { sealWithPin } from './vault/unlock-pin.js';

// What the server allows: {passkeys, dev_login}. Offline: passkeys only.
export async function loginMethods() {
  try { return await api('/auth/options', { timeout: 5000 }); } catch { return { passkeys: true, dev_login: false }; }
}

export async function devLogin(username) {
  const me = await api('/auth/dev-login', { method: 'POST', body: { username } });
  const previous = await getMeta('user');
  if (previous && previous.id !== me.id) await clearLocalData();
  if (!keyring.isUnlocked()) await keyring.unlockWith('device');
  await setMeta('user', me);
  return me;
}

// Passkey login. Returns {user} when the device is unlocked, {user, needsPin: keys} when the passkey has no
// PRF and a PIN must be chosen (finishWithPin), or {user, needsUnlock: true} when this device's keys are
// sealed by something this login did not yield (the lock screen opens them).
export async function passkeyLogin() {
  const deviceId = await getDeviceId();
  const record = await keyring.storedRecord();
  const prfSalt = record?.kind === 'prf' ? record.prfSalt : newPrfSalt();
  const { user, credentialId, prfOutput } = await login({ deviceId, prfSalt });
  const previous = await getMeta('user');
  const sameUser = previous && previous.id === user.id;
  if (sameUser && record?.box) {
    if (record.kind === 'prf' && prfOutput && record.credentialId === credentialId) {
      await keyring.unlockWithPrfOutput(prfOutput);
    }
    await setMeta('user', user);
    return keyring.isUnlocked() ? { user } : { user, needsUnlock: true };
  }
  // First passkey login on this device (or another nurse's, or after a PIN wipe): new keys. Data sealed
  // by the development login's keys is re-encrypted under them; another nurse's data is removed.
  const keys = await newDataKeys();
  if (!prfOutput) return { user, needsPin: keys };
  await adoptKeys(user, keys, await sealWithPrf(keys, prfOutput, { credentialId, prfSalt }));
  return { user };
}

export async function finishWithPin(user, keys, pin) {
  await adoptKeys(user, keys, await sealWithPin(keys, pin));
}

async function adoptKeys(user, keys, record) {
  const previous = await getMeta('user');
  const old = previous && previous.id === user.id && (await keyring.storedMethod()) === 'device'
    ? (keyring.isUnlocked() || (await keyring.unlockWith('device'))) && keyring.currentKeys() : null;
  const plain = old ? await readAll(old) : null;
  if (!old) await clearLocalData();
  await keyring.adopt(record, keys);
  if (plain) await writeAll(plain);
  await setMeta('user', user);
}

// Enrol from a one-time link (the screen then logs in straight away: a second touch of the passkey).
export async function enrolPasskey(token, label) {
  return enrol({ token, deviceId: await getDeviceId(), label });
}

const SEALED = ['records', 'outbox', 'drafts'];
const rowId = (store, row) => (store === 'drafts' ? row.key : row.id);

async function readAll(keys) {
  const rows = await tx(SEALED, 'readonly', (s) => Promise.all(SEALED.map((n) => promisify(s[n].getAll()))));
  const plain = {};
  for (const [i, store] of SEALED.entries()) {
    plain[store] = (await Promise.all(rows[i].map((row) => decryptRecord(keys.data, rowId(store, row), row)
      .then((value) => ({ row, value }), () => null)))).filter(Boolean);
  }
  return plain;
}

async function writeAll(plain) {
  const key = keyring.getDataKey();
  const records = await Promise.all(plain.records.map(({ value: { entity, ...record } }) => seal(entity, record)));
  const rest = {};
  for (const store of ['outbox', 'drafts']) {
    rest[store] = await Promise.all(plain[store].map(async ({ row, value }) => ({ ...row,
      ...(await encryptRecord(key, rowId(store, row), row.sv, value)) })));
  }
  await tx(SEALED, 'readwrite', (s) => {
    s.records.clear(); s.outbox.clear(); s.drafts.clear();
    records.forEach((row) => s.records.put(row));
    rest.outbox.forEach((row) => s.outbox.put(row));
    rest.drafts.forEach((row) => s.drafts.put(row));
  });
}

// Another nurse logs in on this tablet: nothing of the previous one stays (her keys are gone anyway).
async function clearLocalData() {
  clearMemory();
  await tx([...SEALED, 'meta'], 'readwrite', (s) => {
    SEALED.forEach((n) => s[n].clear());
    ['user', 'cursor', 'last_sync'].forEach((k) => s.meta.delete(k));
  });
}

// Every IndexedDB database of this origin, the cached answers and our localStorage (except the language
// and the lock setting, which are not patient data). The shell's precache stays so the login page opens.
export async function logoutAndWipe() {
  try { await api('/auth/logout', { method: 'POST', body: {}, timeout: 5000 }); } catch { /* offline: the cookie expires */ }
  await keyring.forget().catch(() => {});
  clearMemory();
  (await openDB()).close();
  const names = new Set([DB_NAME]);
  if (indexedDB.databases) (await indexedDB.databases()).forEach(({ name }) => names.add(name));
  await Promise.all([...names].map((name) => new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  })));
  if (self.caches) {
    const cacheNames = await caches.keys();
    await Promise.all(cacheNames.filter((n) => !n.startsWith('viktig-shell-')).map((n) => caches.delete(n)));
  }
  Object.keys(localStorage).filter((k) => !['viktig.lang', 'viktig.idle_minutes'].includes(k))
    .forEach((k) => localStorage.removeItem(k));
  sessionStorage.clear();
}
