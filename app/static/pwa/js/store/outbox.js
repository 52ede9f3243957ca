// The outbox (docs/sync.md): one encrypted mutation per change, kept until the server answers
// applied/duplicate; conflict and rejected stay with their reason until the nurse resolves them.
import { tx, getAll, promisify } from './db.js';
import { encryptRecord, decryptRecord } from '../vault/crypto.js';
import { getDataKey } from '../vault/keyring.js';
import { seal, remember, forget, getRecord } from './records.js';
import { getDeviceId, getUser } from './meta.js';

const OUTBOX_SCHEMA = 1;
let seqCounter = 0;
const nextSeq = () => Date.now() * 1000 + (seqCounter++ % 1000);

// Store the local record and its mutation in one transaction: either both survive or neither.
// An amend keeps the version it was based on (`base`), so discarding it can put that version back.
export async function recordAndQueue(entity, op, entityId, data, baseVersion = null) {
  const base = op === 'amend' ? plain(getRecord(entityId)) : null;
  const { mutation, local, recordRow, row } = await prepare(entity, op, entityId, data, baseVersion,
    { seq: nextSeq(), base });
  await tx(['records', 'outbox'], 'readwrite', (s) => { s.records.put(recordRow); s.outbox.put(row); });
  remember(entity, local);
  return mutation;
}

// A fixed rejected entry, a resolved conflict or an edited unsent entry: a new mutation (new id) takes
// the old one's place in ONE transaction, so a tab killed in between loses neither. Throws GoneError
// when the old entry is no longer there (a sync sent it meanwhile).
export async function replaceEntry(old, entity, op, entityId, data, baseVersion = null, base = old.base ?? null) {
  const { mutation, local, recordRow, row } = await prepare(entity, op, entityId, data, baseVersion,
    { seq: old.seq, base });
  await tx(['records', 'outbox'], 'readwrite', (s) => new Promise((resolve, reject) => {
    const req = s.outbox.get(old.id);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      if (!req.result) { reject(Object.assign(new Error('outbox entry already sent'), { name: 'GoneError' })); return; }
      s.outbox.delete(old.id);
      s.outbox.put(row);
      s.records.put(recordRow);
      resolve();
    };
  }));
  remember(entity, local);
  return mutation;
}

// Discarded knowingly: the mutation goes, and the local record goes back to the version it was based
// on (an unsent create disappears), in one transaction.
export async function discardEntry(entry) {
  const restore = entry.base ? await seal(entry.entity, entry.base) : null;
  await tx(['records', 'outbox'], 'readwrite', (s) => {
    s.outbox.delete(entry.id);
    if (restore) s.records.put(restore);
    else if (entry.mutation.op === 'create') s.records.delete(entry.entity_id);
  });
  if (entry.base) remember(entry.entity, entry.base);
  else if (entry.mutation.op === 'create') forget(entry.entity_id);
}

async function prepare(entity, op, entityId, data, baseVersion, { seq, base }) {
  const now = new Date();
  const mutation = {
    id: crypto.randomUUID(), entity, entity_id: entityId, op, data, recorded_at: isoLocal(now),
    ...(op === 'amend' ? { base_version: baseVersion } : {}),
  };
  const user = await getUser();
  const local = { id: entityId, ...data, version: op === 'amend' ? baseVersion : 0,
    recorded_at: mutation.recorded_at, author_id: user?.id, device_id: await getDeviceId(), unsent: true };
  const recordRow = await seal(entity, local);
  const row = await sealEntry({ id: mutation.id, seq, status: 'pending', entity, entity_id: entityId,
    created: now.getTime() }, mutation, { base });
  return { mutation, local, recordRow, row };
}

async function sealEntry(meta, mutation, extra = {}) {
  const box = await encryptRecord(getDataKey(), meta.id, OUTBOX_SCHEMA, { mutation, ...extra });
  return { ...meta, ...box };
}

function plain(record) {
  if (!record) return null;
  const copy = { ...record };
  delete copy.entity; // the memory copy carries it; stored records have it beside, not inside
  return copy;
}

export async function list() {
  const rows = await tx('outbox', 'readonly', (s) => promisify(s.outbox.index('seq').getAll()));
  const key = getDataKey();
  return Promise.all(rows.map(async (row) => ({ ...row, ...(await decryptRecord(key, row.id, row)) })));
}

// The entries of one record (an edit replaces its unsent mutation instead of stacking a second one).
export const entriesFor = async (entityId) => (await list()).filter((e) => e.entity_id === entityId);
export const getEntry = async (id) => (await list()).find((e) => e.id === id) || null;

export async function counts() {
  const rows = await getAll('outbox');
  const c = { pending: 0, conflict: 0, rejected: 0, total: rows.length };
  rows.forEach((r) => { c[r.status] = (c[r.status] || 0) + 1; });
  return c;
}

export async function removeMany(ids) {
  await tx('outbox', 'readwrite', (s) => { ids.forEach((id) => s.outbox.delete(id)); });
}

// conflict/rejected: keep the mutation, add what the server said.
export async function markProblem(entry, result) {
  const row = await sealEntry({ id: entry.id, seq: entry.seq, status: result.status, entity: entry.entity,
    entity_id: entry.entity_id, created: entry.created, reason: result.message || result.status },
  entry.mutation, { errors: result.errors || null, server_record: result.server_record || null,
    base: entry.base ?? null });
  // Only while the entry is still there: one the nurse replaced meanwhile must not come back.
  await tx('outbox', 'readwrite', (s) => {
    const req = s.outbox.getKey(entry.id);
    req.onsuccess = () => { if (req.result !== undefined) s.outbox.put(row); };
  });
}

export function isoLocal(d) {
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
  return `${local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}
