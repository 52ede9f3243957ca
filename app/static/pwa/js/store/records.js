// Local copies of records (patients, pathways, clinical entries), encrypted at rest, decrypted into memory
// after unlock so screens can query synchronously.
import { tx, getAll, promisify } from './db.js';
import { encryptRecord, decryptRecord, lookupHash } from '../vault/crypto.js';
import { getDataKey, getLookupKey } from '../vault/keyring.js';

export const SCHEMA_VERSION = 1;
const PARENT_FIELD = { patient: 'team_id', pathway: 'patient_id' };
const memory = new Map(); // id → {entity, ...record}
let index = null; // entity → parent id → [records], rebuilt lazily after a change

function byParent(entity, parentId) {
  if (!index) {
    index = new Map();
    for (const r of memory.values()) {
      const key = `${r.entity}:${parentOf(r.entity, r)}`;
      if (!index.has(key)) index.set(key, []);
      index.get(key).push(r);
    }
  }
  return index.get(`${entity}:${parentId}`) || [];
}

const parentOf = (entity, record) => record[PARENT_FIELD[entity] || 'pathway_id'];

// Encrypt outside the transaction: awaiting crypto inside one would let it auto-commit.
export async function seal(entity, record) {
  const box = await encryptRecord(getDataKey(), record.id, SCHEMA_VERSION, { entity, ...record });
  return { id: record.id, entity, parent: await lookupHash(getLookupKey(), parentOf(entity, record)), ...box };
}

export async function loadAll() {
  memory.clear();
  index = null;
  const key = getDataKey();
  // In parallel: WebCrypto runs the decryptions off the main thread.
  await Promise.all((await getAll('records')).map((row) => decryptRecord(key, row.id, row)
    .then((record) => memory.set(row.id, record), () => { /* sealed by an old key */ })));
  return memory.size;
}

export function remember(entity, record) { memory.set(record.id, { entity, ...record }); index = null; }
export function forget(id) { memory.delete(id); index = null; }

export async function putRecords(items) { // items: [{entity, record}]
  const sealed = await Promise.all(items.map(({ entity, record }) => seal(entity, record)));
  await tx('records', 'readwrite', (s) => { sealed.forEach((row) => s.records.put(row)); });
  items.forEach(({ entity, record }) => remember(entity, record));
}

export async function removeRecords(ids) {
  await tx('records', 'readwrite', (s) => { ids.forEach((id) => s.records.delete(id)); });
  ids.forEach(forget);
}

export async function countStored() {
  return tx('records', 'readonly', (s) => promisify(s.records.count()));
}

export const getRecord = (id) => memory.get(id);
export const all = (entity) => [...memory.values()].filter((r) => r.entity === entity);
export const patients = () => all('patient')
  .sort((a, b) => (a.family_name + a.given_name).localeCompare(b.family_name + b.given_name, 'nb'));
export const pathwaysOf = (patientId) => [...byParent('pathway', patientId)]
  .sort((a, b) => b.start_date.localeCompare(a.start_date));
export const activePathway = (patientId) => pathwaysOf(patientId).find((p) => p.status === 'active')
  || pathwaysOf(patientId)[0];
export const entriesOf = (pathwayId, entity) => [...byParent(entity, pathwayId)]
  .sort((a, b) => String(a.recorded_at).localeCompare(String(b.recorded_at)));
export function clearMemory() { memory.clear(); index = null; }
