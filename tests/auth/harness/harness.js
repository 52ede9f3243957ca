// Test-only page: drives the real auth/vault modules so the browser test can call them from Playwright.
import { b64url, enrol, login } from '/static/pwa/js/auth/webauthn.js';
import { newDataKeys } from '/static/pwa/js/vault/key-wrap.js';
import { newPrfSalt, openWithPrf, sealWithPrf, unlockWithPasskey } from '/static/pwa/js/vault/unlock-prf.js';
import { openWithPin, sealWithPin } from '/static/pwa/js/vault/unlock-pin.js';

const deviceId = 'harness-tablet-1';
const state = { record: null, keys: null, sample: null };
const enc = new TextEncoder();
const dec = new TextDecoder();

async function encryptSample(key) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc.encode('Hva er viktig for deg? Hagen.'));
  state.sample = { iv, ct };
}

async function decryptSample(key) {
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: state.sample.iv }, key, state.sample.ct);
  return dec.decode(pt);
}

const describe = (err) => ({ error: err.name, code: err.code, type: err.type, message: err.message,
  attemptsLeft: err.attemptsLeft, retryAt: err.retryAt });

window.harness = {
  async enrol(token) {
    const result = await enrol({ token, deviceId, label: 'harness' });
    return { username: result.user.username, prfEnabled: result.prfEnabled };
  },

  // Log in with a fresh salt; seal new data keys with the PRF output, or with the PIN if there is none.
  async loginAndSeal(pin) {
    const prfSalt = newPrfSalt();
    const { user, credentialId, prfOutput } = await login({ deviceId, prfSalt });
    const keys = await newDataKeys();
    if (prfOutput) {
      state.record = await sealWithPrf(keys, prfOutput, { credentialId, prfSalt });
      // Opening with the same output gives working keys: proves the wrap round-trips.
      await openWithPrf(state.record, prfOutput);
    } else {
      state.record = await sealWithPin(keys, pin, { iterations: 600000 });
    }
    await encryptSample(keys.data);
    return { username: user.username, prfBytes: prfOutput ? prfOutput.byteLength : 0, kind: state.record.kind,
      wrappedBytes: state.record.box.data.wrapped.byteLength };
  },

  lock() { state.keys = null; return true; },

  async unlockWithPasskey() {
    state.keys = await unlockWithPasskey(state.record);
    return decryptSample(state.keys.data);
  },

  async unlockWithPin(pin, nowOffsetMs = 0) {
    try {
      state.keys = await openWithPin(state.record, pin, { save: async () => {}, now: Date.now() + nowOffsetMs });
      return { text: await decryptSample(state.keys.data) };
    } catch (err) {
      return describe(err);
    }
  },

  // A passkey login from another salt yields another PRF output, which must not open the box.
  async openWithOtherPrfOutput() {
    try {
      await openWithPrf(state.record, crypto.getRandomValues(new Uint8Array(32)));
      return 'opened';
    } catch (err) {
      return err.name;
    }
  },

  failures: () => ({ failures: state.record.failures, wiped: !state.record.box }),
  b64: (bytes) => b64url.encode(bytes),
};
document.getElementById('ready').textContent = 'ready';
