// Autosaved, encrypted form drafts: a killed tab loses at most the last few hundred milliseconds.
import { get, put, del } from './db.js';
import { encryptRecord, decryptRecord } from '../vault/crypto.js';
import { getDataKey } from '../vault/keyring.js';

const DRAFT_SCHEMA = 1;
const open = new Set(); // forms with unsaved input: the update bridge waits for none

export async function loadDraft(key) {
  const row = await get('drafts', key);
  if (!row) return null;
  try { return await decryptRecord(getDataKey(), key, row); } catch { return null; }
}

export async function saveDraft(key, value) {
  open.add(key);
  const box = await encryptRecord(getDataKey(), key, DRAFT_SCHEMA, value);
  await put('drafts', { key, updated: Date.now(), ...box });
}

export async function clearDraft(key) {
  open.delete(key);
  await del('drafts', key);
}

export const hasOpenForm = () => open.size > 0;
export const closeForm = (key) => open.delete(key);

// Debounced autosave (≤ 300 ms after the last keystroke). stop() before clearing the draft: otherwise a
// keystroke still waiting (or a write under way) would bring the saved or discarded form back as a draft.
export function autosaver(key, read, delay = 300) {
  let timer = null;
  let writing = Promise.resolve();
  const flush = () => { clearTimeout(timer); timer = null; writing = saveDraft(key, read()); return writing; };
  return {
    touch() { open.add(key); clearTimeout(timer); timer = setTimeout(flush, delay); },
    flush,
    pending: () => timer !== null,
    async stop() { clearTimeout(timer); timer = null; await writing.catch(() => {}); },
  };
}
