// A conflict: the nurse's version and the server's side by side; she picks per field, which queues a
// new amend on the server's version and discards the stale mutation.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { list, removeMany, recordAndQueue } from '../store/outbox.js';
import { putRecords, getRecord } from '../store/records.js';
import { pageHeader, missing, saveErrorText } from './common.js';

const show = (v) => (Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? x.name || x.text || JSON.stringify(x) : x)).join('; ')
  : v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'object' ? x.score ?? JSON.stringify(x) : x}`).join('; ')
    : v ?? '–');

export async function discard(id, ctx) {
  await removeMany([id]);
  await ctx.engine.refreshCounts();
}

export async function render(root, ctx, mutationId) {
  const entry = (await list()).find((e) => e.id === mutationId);
  if (!entry || entry.status !== 'conflict' || !entry.server_record) return missing(root, '#/sync');
  const mine = entry.mutation.data;
  const theirs = entry.server_record;
  const fields = Object.keys(mine).filter((k) => k !== 'pathway_id');
  const error = h('p', { class: 'error', role: 'alert' });
  const rows = fields.map((k) => {
    const same = JSON.stringify(mine[k]) === JSON.stringify(theirs[k]);
    return h('tr', { class: same ? '' : 'differs' }, h('th', { scope: 'row' }, k),
      h('td', {}, h('label', {}, h('input', { type: 'radio', name: `pick-${k}`, value: 'mine', checked: true }), ' ', show(mine[k]))),
      h('td', {}, h('label', {}, h('input', { type: 'radio', name: `pick-${k}`, value: 'theirs', disabled: same }), ' ', show(theirs[k]))));
  });
  const form = h('form', { class: 'card form' }, h('div', { class: 'table-wrap' }, h('table', { class: 'conflict' },
    h('caption', {}, t('conflict_caption', { version: theirs.version })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('field')), h('th', { scope: 'col' }, t('my_version')),
      h('th', { scope: 'col' }, t('server_version')))), h('tbody', {}, rows))), error,
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('save_merged')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const merged = { pathway_id: mine.pathway_id };
    for (const k of fields) merged[k] = form.querySelector(`input[name="pick-${k}"]:checked`).value === 'theirs' ? theirs[k] : mine[k];
    try {
      // Keep the server's version locally as the base, then queue the amend and drop the stale one.
      if (!getRecord(theirs.id)?.unsent) await putRecords([{ entity: entry.entity, record: theirs }]);
      await recordAndQueue(entry.entity, 'amend', entry.entity_id, merged, theirs.version);
      await discard(entry.id, ctx);
      ctx.go('#/sync');
      ctx.engine.run('manual');
    } catch (err) { error.textContent = saveErrorText(err); }
  });
  root.append(pageHeader(t('conflict_title'), '#/sync', t('sync_title')), h('p', {}, entry.reason || ''), form);
  return null;
}
