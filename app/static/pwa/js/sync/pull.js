// Pull changes page by page from the stored cursor; keep local entries that are still unsent.
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
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await api(`/sync/pull?${query}`);
    const unsent = new Set((await outbox.list()).map((e) => e.entity_id));
    const upserts = [];
    const removals = [];
    for (const change of page.changes || []) {
      if (change.entity === 'pocket_card') {
        if (change.record) await savePocketCard(change.record.language || 'nb', change.record);
      } else if (change.op === 'remove') {
        removals.push(...descendants(change.entity, change.id).filter((id) => !unsent.has(id)));
      } else if (!unsent.has(change.id) || !getRecord(change.id)?.unsent) {
        upserts.push({ entity: change.entity, record: change.record });
      }
    }
    if (upserts.length) await putRecords(upserts);
    if (removals.length) await removeRecords(removals);
    cursor = page.cursor;
    await setMeta('cursor', cursor); // only after the page's changes are stored
    pages += 1;
    if (!page.has_more) return { pages };
  }
}
