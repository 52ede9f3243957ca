// The device's data keys. Today: random non-extractable keys kept in IndexedDB (method 'device').
// Later: the same keys wrapped by a passkey-PRF- or PIN-derived key; only unlockWith() changes.
import { get, put } from '../store/db.js';
import { newKeys } from './crypto.js';

let unlocked = null; // { data: CryptoKey (AES-GCM), lookup: CryptoKey (HMAC) }

export const isUnlocked = () => unlocked !== null;

export function getDataKey() {
  if (!unlocked) throw new Error('locked');
  return unlocked.data;
}

export function getLookupKey() {
  if (!unlocked) throw new Error('locked');
  return unlocked.lookup;
}

export function lock() { unlocked = null; }

// method: 'device' (keys stored as they are; no user secret yet). Returns true when unlocked.
export async function unlockWith(method = 'device') {
  if (method !== 'device') throw new Error(`unlock method ${method} not available yet`);
  let keys = await get('keys', 'device');
  if (!keys) {
    keys = await newKeys();
    await put('keys', keys, 'device');
  }
  unlocked = keys;
  return true;
}

// Wipe: after logout or device revocation the data is unreadable even if a record survived.
export async function forget() {
  unlocked = null;
  const { del } = await import('../store/db.js');
  await del('keys', 'device');
}
