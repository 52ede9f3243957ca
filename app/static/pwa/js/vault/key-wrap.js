// Wraps the device's data keys (AES-GCM data key + HMAC lookup key) under a key derived from a passkey
// or a PIN. AES-GCM with a fresh IV per key; the associated data names the method so boxes cannot be swapped.
const enc = new TextEncoder();

export function newDataKeys() {
  // Extractable only so they can be wrapped now; unwrapped copies are non-extractable.
  return Promise.all([
    crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']),
    crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, true, ['sign']),
  ]).then(([data, lookup]) => ({ data, lookup }));
}

export async function wrapKeys(keys, wrappingKey, label) {
  const box = { label };
  for (const name of ['data', 'lookup']) {
    if (!keys[name]) continue;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const wrapped = await crypto.subtle.wrapKey('raw', keys[name], wrappingKey,
      { name: 'AES-GCM', iv, additionalData: enc.encode(`${label}|${name}`) });
    box[name] = { iv, wrapped: new Uint8Array(wrapped) };
  }
  return box;
}

const ALGORITHMS = {
  data: [{ name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']],
  lookup: [{ name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign']],
};

// Throws (OperationError) when the wrapping key is wrong: AES-GCM authenticates the box.
export async function unwrapKeys(box, wrappingKey, { extractable = false } = {}) {
  const keys = {};
  for (const name of ['data', 'lookup']) {
    if (!box[name]) continue;
    const [algorithm, usages] = ALGORITHMS[name];
    keys[name] = await crypto.subtle.unwrapKey('raw', box[name].wrapped, wrappingKey,
      { name: 'AES-GCM', iv: box[name].iv, additionalData: enc.encode(`${box.label}|${name}`) },
      algorithm, extractable, usages);
  }
  return keys;
}
