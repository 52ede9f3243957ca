// Pull changes page by page from the stored cursor; keep local entries that are still unsent. When the
// server says `reset` (the nurse's teams changed), the pull starts over and, once done, the patients it
// did not bring are dropped with everything under them. A patient she may no longer see but whose
// entries still wait in her outbox is held (meta 'held') until they are sent or discarded, so she can
// still read whose entry the server refused; the next pull after that drops him.
import { api } from './http.js';
import { getMeta, setMeta } from '../store/meta.js';
import { putRecords, removeRecords, all, getRecord } from '../store/records.js';
import { savePocketCard } from '../store/reference.js';
import * as outbox from '../store/outbox.js';

const CHILDREN = { patient: ['pathway'], pathway: ['conversation', 'psfs', 'checklist', 'cfs'] };
const PARENT_KEY = { pathway: 'patient_id', conversation: 'pathway_id', psfs: 'pathway_id',
  checklist: 'pathway_id', cfs: 'pathway_id' };

function descendants(entity, id) {
  const ids = [id];
  for (const child of CHILDREN[entity] || []) {
    for (const rec of all(child).filter((r) => r[PARENT_KEY[child]] === id)) {
      ids.push(...descendants(child, rec.id));
    }
  }
  return ids;
}

export async function pull(limit = 200) {
  let cursor = await getMeta('cursor');
  let pages = 0;
  let brought = null; // patient ids of a pull that started over
  const held = new Set((await getMeta('held')) || []);
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await api(`/sync/pull?${query}`);
    const unsent = new Set((await outbox.list()).map((e) => e.entity_id));
    const upserts = [];
    const removals = [];
    if (page.reset && !brought) brought = new Set();
    for (const change of page.changes || []) {
      const patientSeen = change.entity === 'patient' && change.op !== 'remove';
      if (patientSeen) { brought?.add(change.id); held.delete(change.id); }
      if (change.entity === 'pocket_card') {
        if (change.record) await savePocketCard(change.record.language || 'nb', change.record);
      } else if (change.op === 'remove' && change.entity === 'patient') {
        removals.push(...dropOrHold([change.id], unsent, held));
      } else if (change.op === 'remove') {
        removals.push(...descendants(change.entity, change.id).filter((id) => !unsent.has(id)));
      } else if (!unsent.has(change.id) || !getRecord(change.id)?.unsent) {
        upserts.push({ entity: change.entity, record: change.record });
      }
    }
    if (!page.has_more) {
      const unseen = brought ? all('patient').map((p) => p.id).filter((id) => !brought.has(id)) : [];
      removals.push(...dropOrHold([...new Set([...unseen, ...held])], unsent, held));
    }
    if (upserts.length) await putRecords(upserts);
    if (removals.length) await removeRecords(removals);
    cursor = page.cursor;
    await setMeta('held', [...held]);
    // Only after the page's changes are stored. A pull that started over keeps the old cursor until its
    // sweep is done: cut off half-way, the next pull starts over again rather than never sweeping.
    if (!brought || !page.has_more) await setMeta('cursor', cursor);
    pages += 1;
    if (!page.has_more) return { pages, reset: Boolean(brought) };
  }
}

// The records of patients she may no longer see, unless entries of theirs wait in her outbox: then the
// patient is held, and dropped by a later pull once those are sent or discarded.
function dropOrHold(patientIds, unsent, held) {
  const gone = [];
  for (const id of patientIds) {
    const ids = descendants('patient', id);
    if (ids.some((x) => unsent.has(x))) held.add(id);
    else { gone.push(...ids); held.delete(id); }
  }
  return gone;
}
