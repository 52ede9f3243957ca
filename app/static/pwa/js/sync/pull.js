// Pull changes page by page from the stored cursor; keep local entries that are still unsent. When the
// server says `reset` (the nurse's teams changed), the pull starts over and, once done, the patients it
// did not bring are dropped with everything under them — except what still waits in the outbox.
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
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await api(`/sync/pull?${query}`);
    const unsent = new Set((await outbox.list()).map((e) => e.entity_id));
    const upserts = [];
    const removals = [];
    if (page.reset && !brought) brought = new Set();
    for (const change of page.changes || []) {
      if (brought && change.entity === 'patient' && change.op !== 'remove') brought.add(change.id);
      if (change.entity === 'pocket_card') {
        if (change.record) await savePocketCard(change.record.language || 'nb', change.record);
      } else if (change.op === 'remove') {
        removals.push(...descendants(change.entity, change.id).filter((id) => !unsent.has(id)));
      } else if (!unsent.has(change.id) || !getRecord(change.id)?.unsent) {
        upserts.push({ entity: change.entity, record: change.record });
      }
    }
    if (brought && !page.has_more) removals.push(...notBrought(brought, unsent));
    if (upserts.length) await putRecords(upserts);
    if (removals.length) await removeRecords(removals);
    cursor = page.cursor;
    // Only after the page's changes are stored. A pull that started over keeps the old cursor until its
    // sweep is done: cut off half-way, the next pull starts over again rather than never sweeping.
    if (!brought || !page.has_more) await setMeta('cursor', cursor);
    pages += 1;
    if (!page.has_more) return { pages, reset: Boolean(brought) };
  }
}

// After a pull that started over: the records of every patient it did not bring, less unsent entries and
// the patient and pathway they hang on (the server answers those as rejected, and the nurse sees why).
function notBrought(brought, unsent) {
  const gone = [];
  for (const patient of all('patient').filter((p) => !brought.has(p.id))) {
    const ids = descendants('patient', patient.id);
    if (!ids.some((id) => unsent.has(id))) gone.push(...ids);
  }
  return gone;
}
