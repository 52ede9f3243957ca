// The device's data keys, held unwrapped in memory only while the app is unlocked (docs/security.md).
// On disk they are wrapped by the passkey's PRF output ('prf') or a PIN-derived key ('pin'); the demo's
// development login keeps plain non-extractable keys ('device'), which protect nothing at rest.
import { get, put, del } from '../store/db.js';
import { newKeys } from './crypto.js';
import { openWithPrf, unlockWithPasskey } from './unlock-prf.js';
import { openWithPin } from './unlock-pin.js';

const WRAPPED = 'wrapped';
const DEVICE = 'device';
let unlocked = null; // { data: CryptoKey (AES-GCM), lookup: CryptoKey (HMAC) }
const listeners = new Set();

export const isUnlocked = () => unlocked !== null;
export const onChange = (fn) => { listeners.add(fn); return () => listeners.delete(fn); };
const set = (keys) => { unlocked = keys; listeners.forEach((fn) => fn(isUnlocked())); };

export function getDataKey() {
  if (!unlocked) throw new Error('locked');
  return unlocked.data;
}

export function getLookupKey() {
  if (!unlocked) throw new Error('locked');
  return unlocked.lookup;
}

export function lock() { if (unlocked) set(null); }

export const storedRecord = () => get('keys', WRAPPED);

// How this device's keys are kept: 'prf' | 'pin' | 'device' | 'wiped' (too many wrong PINs) | null (none yet).
export async function storedMethod() {
  const record = await storedRecord();
  if (record) return record.box ? record.kind : 'wiped';
  return (await get('keys', DEVICE)) ? 'device' : null;
}

// method 'device' (development login), 'prf' (touch the passkey; offline) or 'pin' (with the PIN).
// Throws CeremonyError (cancelled), OperationError (another passkey) or PinError (wrong/locked/wiped).
export async function unlockWith(method = DEVICE, pin = undefined) {
  if (method === DEVICE) {
    let keys = await get('keys', DEVICE);
    if (!keys) {
      keys = await newKeys();
      await put('keys', keys, DEVICE);
    }
    set(keys);
    return true;
  }
  const record = await storedRecord();
  if (!record) throw new Error('no keys on this device');
  if (method === 'prf') set(await unlockWithPasskey(record));
  else if (method === 'pin') set(await openWithPin(record, pin, { save: (r) => put('keys', r, WRAPPED) }));
  else throw new Error(`unknown unlock method ${method}`);
  return true;
}

// A passkey login that already yielded the PRF output (online): open the stored keys with it.
export async function unlockWithPrfOutput(prfOutput) {
  set(await openWithPrf(await storedRecord(), prfOutput));
  return true;
}

// Keep a freshly sealed record and use its keys. newDataKeys() are extractable so they could be wrapped;
// the copies kept in memory are not.
export async function adopt(record, keys) {
  const frozen = await nonExtractable(keys);
  await put('keys', record, WRAPPED);
  await del('keys', DEVICE);
  set(frozen);
}

async function nonExtractable(keys) {
  const copy = async (key, algorithm, usages) => crypto.subtle.importKey('raw',
    await crypto.subtle.exportKey('raw', key), algorithm, false, usages);
  return {
    data: await copy(keys.data, { name: 'AES-GCM' }, ['encrypt', 'decrypt']),
    lookup: await copy(keys.lookup, { name: 'HMAC', hash: 'SHA-256' }, ['sign']),
  };
}

// The keys in use now (to re-encrypt the device's data under new ones), or null when locked.
export const currentKeys = () => unlocked;

// Wipe: after logout or device revocation the data is unreadable even if a record survived.
export async function forget() {
  set(null);
  await del('keys', DEVICE);
  await del('keys', WRAPPED);
}
