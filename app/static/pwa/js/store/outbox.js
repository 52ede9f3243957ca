// The outbox (docs/sync.md): one encrypted mutation per change, kept until the server answers
// applied/duplicate; conflict and rejected stay with their reason until the nurse resolves them.
import { tx, getAll, promisify } from './db.js';
import { encryptRecord, decryptRecord } from '../vault/crypto.js';
import { getDataKey } from '../vault/keyring.js';
import { seal, remember } from './records.js';
import { getDeviceId, getUser } from './meta.js';

const OUTBOX_SCHEMA = 1;
let seqCounter = 0;
const nextSeq = () => Date.now() * 1000 + (seqCounter++ % 1000);

// Store the local record and its mutation in one transaction: either both survive or neither.
export async function recordAndQueue(entity, op, entityId, data, baseVersion = null) {
  const now = new Date();
  const mutation = {
    id: crypto.randomUUID(), entity, entity_id: entityId, op, data, recorded_at: isoLocal(now),
    ...(op === 'amend' ? { base_version: baseVersion } : {}),
  };
  const user = await getUser();
  const local = { id: entityId, ...data, version: op === 'amend' ? baseVersion : 0,
    recorded_at: mutation.recorded_at, author_id: user?.id, device_id: await getDeviceId(), unsent: true };
  const recordRow = await seal(entity, local);
  const row = await sealEntry({ id: mutation.id, seq: nextSeq(), status: 'pending', entity,
    entity_id: entityId, created: now.getTime() }, mutation);
  await tx(['records', 'outbox'], 'readwrite', (s) => { s.records.put(recordRow); s.outbox.put(row); });
  remember(entity, local);
  return mutation;
}

async function sealEntry(meta, mutation, extra = {}) {
  const box = await encryptRecord(getDataKey(), meta.id, OUTBOX_SCHEMA, { mutation, ...extra });
  return { ...meta, ...box };
}

export async function list() {
  const rows = await tx('outbox', 'readonly', (s) => promisify(s.outbox.index('seq').getAll()));
  const key = getDataKey();
  return Promise.all(rows.map(async (row) => ({ ...row, ...(await decryptRecord(key, row.id, row)) })));
}

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
  entry.mutation, { errors: result.errors || null, server_record: result.server_record || null });
  await tx('outbox', 'readwrite', (s) => { s.outbox.put(row); });
}

export function isoLocal(d) {
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
  return `${local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}
