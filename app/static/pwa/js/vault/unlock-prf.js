// Unlock with the passkey: the PRF output (32 secret bytes only this passkey yields for this salt) goes
// through HKDF-SHA-256 to a wrapping key for the data keys. Works offline; the output never leaves the page.
import { evaluatePrf } from '../auth/webauthn.js';
import { unwrapKeys, wrapKeys } from './key-wrap.js';

const INFO = new TextEncoder().encode('viktig/prf-wrap/v1');

export const newPrfSalt = () => crypto.getRandomValues(new Uint8Array(32));

export async function prfWrappingKey(prfOutput, salt) {
  if (!prfOutput || prfOutput.byteLength < 16) throw new Error('no PRF output');
  const ikm = await crypto.subtle.importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: INFO }, ikm,
    { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

// The record to keep in IndexedDB next to the data: salt, credential id and the wrapped keys.
export async function sealWithPrf(keys, prfOutput, { credentialId, prfSalt }) {
  const wrappingKey = await prfWrappingKey(prfOutput, prfSalt);
  return { kind: 'prf', v: 1, credentialId, prfSalt,
    box: await wrapKeys(keys, wrappingKey, `prf|${credentialId}`) };
}

export async function openWithPrf(record, prfOutput, options) {
  const wrappingKey = await prfWrappingKey(prfOutput, record.prfSalt);
  return unwrapKeys(record.box, wrappingKey, options);
}

// Touch the passkey (no network) and open the keys. Throws CeremonyError when cancelled,
// an OperationError when another passkey was used.
export async function unlockWithPasskey(record, options) {
  const { prfOutput } = await evaluatePrf({ credentialId: record.credentialId, prfSalt: record.prfSalt });
  if (!prfOutput) throw new Error('This passkey gave no PRF output; use the PIN.');
  return openWithPrf(record, prfOutput, options);
}
