// Record encryption: AES-GCM with a fresh 96-bit IV per record, AAD = record id + schema version;
// lookup fields become HMAC-SHA-256 keyed hashes so an index never holds a plaintext id.
const enc = new TextEncoder();
const dec = new TextDecoder();

const aad = (id, schemaVersion) => enc.encode(`${id}|v${schemaVersion}`);

export async function encryptRecord(key, id, schemaVersion, value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(id, schemaVersion) },
    key, enc.encode(JSON.stringify(value)));
  return { iv, ct, sv: schemaVersion };
}

export async function decryptRecord(key, id, box) {
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: box.iv, additionalData: aad(id, box.sv) },
    key, box.ct);
  return JSON.parse(dec.decode(pt));
}

export async function lookupHash(macKey, value) {
  const sig = await crypto.subtle.sign('HMAC', macKey, enc.encode(String(value)));
  return Array.from(new Uint8Array(sig).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function newKeys() {
  return Promise.all([
    crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]).then(([data, lookup]) => ({ data, lookup }));
}
