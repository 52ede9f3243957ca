// Passkey ceremonies in the page: enrol from a link, log in, and evaluate the PRF offline for unlocking.
// py_webauthn's options carry no extensions, so extensions.prf is added here; its output never leaves the page.

export const b64url = {
  encode(bytes) {
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes)
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let text = '';
    for (const b of view) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
  decode(text) {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  },
};

// A refused ceremony: `type` is the problem type's last segment (credential-revoked, device-revoked, …).
export class CeremonyError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.type = problem && problem.type ? String(problem.type).split('/').pop() : (status ? 'http' : 'cancelled');
    this.retryAfter = problem && problem.retryAfter;
  }
}

export const isSupported = () => typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;

async function post(path, body, deviceId) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (deviceId) headers['X-Device-Id'] = deviceId;
  const response = await fetch(`/api/v1/auth/${path}`, {
    method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store',
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new CeremonyError(response.status, data);
    error.retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    throw error;
  }
  return data;
}

const descriptors = (list) => (list || []).map((c) => ({ ...c, id: b64url.decode(c.id) }));

export function toCreateOptions(publicKey, { prfSalt } = {}) {
  return {
    ...publicKey,
    challenge: b64url.decode(publicKey.challenge),
    user: { ...publicKey.user, id: b64url.decode(publicKey.user.id) },
    excludeCredentials: descriptors(publicKey.excludeCredentials),
    // Ask the authenticator to enable PRF; with a salt, newer browsers also return the output right away.
    extensions: { prf: prfSalt ? { eval: { first: prfSalt } } : {} },
  };
}

export function toGetOptions(publicKey, { prfSalt } = {}) {
  const options = { ...publicKey, challenge: b64url.decode(publicKey.challenge),
    allowCredentials: descriptors(publicKey.allowCredentials) };
  if (prfSalt) options.extensions = { prf: { eval: { first: prfSalt } } };
  return options;
}

// The credential as JSON for the server, without the PRF results (they are the device's secret).
export function credentialToJSON(credential) {
  const r = credential.response;
  const response = { clientDataJSON: b64url.encode(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = b64url.encode(r.attestationObject);
    response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
  } else {
    response.authenticatorData = b64url.encode(r.authenticatorData);
    response.signature = b64url.encode(r.signature);
    if (r.userHandle) response.userHandle = b64url.encode(r.userHandle);
  }
  return { id: credential.id, rawId: b64url.encode(credential.rawId), type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    response, clientExtensionResults: {} };
}

function prfOutput(credential) {
  const prf = credential.getClientExtensionResults().prf;
  const first = prf && prf.results && prf.results.first;
  return first ? new Uint8Array(first) : null;
}

async function ask(kind, options) {
  try {
    return await navigator.credentials[kind]({ publicKey: options });
  } catch (err) {
    // NotAllowedError: the nurse cancelled or the dialog timed out; InvalidStateError: already enrolled here.
    throw Object.assign(new CeremonyError(0, { detail: err.message }), { type: err.name });
  }
}

// Enrol a passkey with the link's token (or, logged in, add another). Returns whether PRF is available.
export async function enrol({ token, label = '', deviceId, prfSalt } = {}) {
  const { ceremony_id: ceremonyId, publicKey } = await post('enrol/options', token ? { token } : {}, deviceId);
  const credential = await ask('create', toCreateOptions(publicKey, { prfSalt }));
  const prf = credential.getClientExtensionResults().prf;
  const result = await post('enrol/verify',
    { ceremony_id: ceremonyId, credential: credentialToJSON(credential), token, label }, deviceId);
  return { ...result, credentialId: credential.id, prfEnabled: !!(prf && prf.enabled),
    prfOutput: prfOutput(credential) };
}

// Log in; with a PRF salt, the same touch also yields the PRF output that unlocks the device's data.
export async function login({ username, deviceId, prfSalt } = {}) {
  const { ceremony_id: ceremonyId, publicKey } = await post('login/options', username ? { username } : {}, deviceId);
  const credential = await ask('get', toGetOptions(publicKey, { prfSalt }));
  const user = await post('login/verify', { ceremony_id: ceremonyId, credential: credentialToJSON(credential) },
    deviceId);
  return { user, credentialId: credential.id, prfOutput: prfOutput(credential) };
}

// Offline unlock: the PRF needs no server. The challenge is local because nothing is verified against it:
// only the right passkey yields the PRF output that opens the wrapped key.
export async function evaluatePrf({ credentialId, prfSalt, rpId = location.hostname }) {
  const credential = await ask('get', {
    challenge: crypto.getRandomValues(new Uint8Array(32)), rpId, userVerification: 'required',
    allowCredentials: credentialId ? [{ type: 'public-key', id: b64url.decode(credentialId) }] : [],
    extensions: { prf: { eval: { first: prfSalt } } },
  });
  return { credentialId: credential.id, prfOutput: prfOutput(credential) };
}
