// Unlock with a PIN where the passkey has no PRF: PBKDF2-SHA-256 (600 000 iterations) derives the wrapping key.
// Wrong PINs are counted *before* each try: after 5 the PIN is locked for a growing while, after 10 the
// wrapped keys are erased (the data can then not be opened; unsent entries are lost, so sync often).
import { unwrapKeys, wrapKeys } from './key-wrap.js';

export const PBKDF2_ITERATIONS = 600000;
export const MIN_PIN_LENGTH = 6;
export const LOCK_AFTER = 5;
export const WIPE_AFTER = 10;

export class PinError extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code; // weak | wrong | locked | wiped
    Object.assign(this, extra);
  }
}

// null when the PIN is acceptable, else the reason (in English; the screen translates by code).
export function pinProblem(pin) {
  if (!/^\d+$/.test(pin || '')) return 'digits';
  if (pin.length < MIN_PIN_LENGTH) return 'short';
  if (/^(\d)\1+$/.test(pin) || '01234567890'.includes(pin) || '09876543210'.includes(pin)) return 'guessable';
  return null;
}

export async function pinWrappingKey(pin, salt, iterations = PBKDF2_ITERATIONS) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false,
    ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material,
    { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

export async function sealWithPin(keys, pin, { iterations = PBKDF2_ITERATIONS } = {}) {
  const problem = pinProblem(pin);
  if (problem) throw new PinError('weak', `PIN not accepted: ${problem}`, { reason: problem });
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const wrappingKey = await pinWrappingKey(pin, salt, iterations);
  return { kind: 'pin', v: 1, salt, iterations, failures: 0, lockedUntil: 0,
    box: await wrapKeys(keys, wrappingKey, 'pin') };
}

const lockMs = (failures) => (failures < LOCK_AFTER ? 0 : Math.min(30000 * 2 ** (failures - LOCK_AFTER), 900000));

// `save(record)` must persist the record (IndexedDB); it is awaited before the PIN is tried, so closing
// the tab mid-try does not reset the count.
export async function openWithPin(record, pin, { save, now = Date.now(), extractable = false } = {}) {
  if (!record.box) throw new PinError('wiped', 'Too many wrong PINs: the data on this device was erased.');
  if (record.lockedUntil > now) {
    throw new PinError('locked', 'Too many wrong PINs. Wait and try again.', { retryAt: record.lockedUntil });
  }
  record.failures += 1;
  await save(record);
  try {
    const wrappingKey = await pinWrappingKey(pin, record.salt, record.iterations);
    const keys = await unwrapKeys(record.box, wrappingKey, { extractable });
    record.failures = 0;
    record.lockedUntil = 0;
    await save(record);
    return keys;
  } catch (err) {
    if (!(err instanceof DOMException)) throw err;
    if (record.failures >= WIPE_AFTER) {
      delete record.box;
      await save(record);
      throw new PinError('wiped', 'Too many wrong PINs: the data on this device was erased.');
    }
    record.lockedUntil = now + lockMs(record.failures);
    await save(record);
    throw new PinError('wrong', 'Wrong PIN.', { attemptsLeft: WIPE_AFTER - record.failures,
      retryAt: record.lockedUntil || undefined });
  }
}
