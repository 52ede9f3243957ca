// A conflict: the nurse's version and the server's side by side, field by field in words; she picks per
// field, and the choice replaces the stale mutation with an amend of the server's version.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { getEntry, replaceEntry } from '../store/outbox.js';
import { pageHeader, missing, saveErrorText } from './common.js';
import { comparableFields, fieldLabel, formatValue, valueAt, setValueAt } from './labels.js';

function choice(key, label, which, value, { checked = false, disabled = false } = {}) {
  return h('td', {}, h('label', {}, h('input', { type: 'radio', name: `pick-${key}`, value: which, checked, disabled,
    'aria-label': t('choice_for', { field: label, which: t(which === 'mine' ? 'my_version' : 'server_version') }) }),
  ' ', value));
}

export async function render(root, ctx, mutationId) {
  const entry = await getEntry(mutationId);
  if (!entry || entry.status !== 'conflict' || !entry.server_record) return missing(root, '#/sync');
  const { entity } = entry;
  const mine = entry.mutation.data;
  const theirs = entry.server_record;
  const keys = comparableFields(entity, mine, theirs);
  const error = h('p', { class: 'error', role: 'alert' });
  const rows = keys.map((key) => {
    const label = fieldLabel(entity, key);
    const same = JSON.stringify(valueAt(mine, key) ?? null) === JSON.stringify(valueAt(theirs, key) ?? null);
    return h('tr', { class: same ? '' : 'differs', 'data-field': key },
      h('th', { scope: 'row' }, label, same ? null : h('span', { class: 'visually-hidden' }, ` (${t('differs')})`)),
      choice(key, label, 'mine', formatValue(entity, key, valueAt(mine, key)), { checked: true }),
      choice(key, label, 'theirs', formatValue(entity, key, valueAt(theirs, key)), { disabled: same }));
  });
  const pickAll = (which) => () => keys.forEach((key) => {
    const input = form.querySelector(`input[name="pick-${CSS.escape(key)}"][value="${which}"]`);
    if (!input.disabled) input.checked = true;
  });
  const form = h('form', { class: 'card form' },
    h('div', { class: 'pick-all' },
      h('button', { type: 'button', class: 'btn', onclick: pickAll('mine') }, t('pick_all_mine')),
      h('button', { type: 'button', class: 'btn', onclick: pickAll('theirs') }, t('pick_all_theirs'))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'conflict' },
      h('caption', {}, t('conflict_caption', { version: theirs.version })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('field')), h('th', { scope: 'col' }, t('my_version')),
        h('th', { scope: 'col' }, t('server_version')))), h('tbody', {}, rows))), error,
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('save_merged')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Fields she is not shown (kind, template version, pathway) stay as she sent them.
    const merged = structuredClone(mine);
    for (const key of keys) {
      const picked = form.querySelector(`input[name="pick-${CSS.escape(key)}"]:checked`).value;
      setValueAt(merged, key, valueAt(picked === 'theirs' ? theirs : mine, key));
    }
    try {
      // Discarding the amend later puts the server's version back on the tablet.
      await replaceEntry(entry, entity, 'amend', entry.entity_id, merged, theirs.version, theirs);
      await ctx.engine.refreshCounts();
      ctx.go('#/sync');
      ctx.engine.run('manual');
    } catch (err) { error.textContent = saveErrorText(err); }
  });
  root.append(pageHeader(t('conflict_title'), '#/sync', t('sync_title')), h('p', {}, entry.reason || ''), form);
  return null;
}
