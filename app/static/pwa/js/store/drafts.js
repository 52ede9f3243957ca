// Autosaved, encrypted form drafts: a killed tab loses at most the last few hundred milliseconds.
import { get, put, del } from './db.js';
import { encryptRecord, decryptRecord } from '../vault/crypto.js';
import { getDataKey } from '../vault/keyring.js';

const DRAFT_SCHEMA = 1;
const open = new Set(); // forms with unsaved input: the update bridge waits for none
// Once a form is saved its draft must stay gone: the blur before the tap on «Lagre» arms one more autosave,
// and an autosave already encrypting would land after the delete; either would offer the saved text again.
const cancels = new Map(); // key → cancel the autosave waiting to run
const clears = new Map(); // key → how often cleared; a save begun before a clear is dropped

export async function loadDraft(key) {
  const row = await get('drafts', key);
  if (!row) return null;
  try { return await decryptRecord(getDataKey(), key, row); } catch { return null; }
}

export async function saveDraft(key, value) {
  const generation = clears.get(key) || 0;
  open.add(key);
  const box = await encryptRecord(getDataKey(), key, DRAFT_SCHEMA, value);
  if ((clears.get(key) || 0) !== generation) return;
  await put('drafts', { key, updated: Date.now(), ...box });
}

export async function clearDraft(key) {
  open.delete(key);
  clears.set(key, (clears.get(key) || 0) + 1);
  cancels.get(key)?.();
  await del('drafts', key);
}

export const hasOpenForm = () => open.size > 0;
export const closeForm = (key) => open.delete(key);

// Debounced autosave (≤ 300 ms after the last keystroke). stop() waits for a write under way, so a form
// that is saved or discarded next cannot come back as a draft (clearDraft also drops later writes).
export function autosaver(key, read, delay = 300) {
  let timer = null;
  let writing = Promise.resolve();
  const cancel = () => { clearTimeout(timer); timer = null; };
  const flush = () => { cancel(); writing = saveDraft(key, read()); return writing; };
  return {
    touch() { open.add(key); cancels.set(key, cancel); clearTimeout(timer); timer = setTimeout(flush, delay); },
    flush,
    pending: () => timer !== null,
    async stop() { cancel(); await writing.catch(() => {}); },
  };
}
