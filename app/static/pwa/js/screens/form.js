// The life of a capture form: what it edits (a new entry, a correction, a rejected entry), restore its
// draft, autosave while typing, save to store+outbox, leave.
import { h, announce, newId } from '../ui.js';
import { t } from '../i18n.js';
import { loadDraft, autosaver, clearDraft, closeForm } from '../store/drafts.js';
import { recordAndQueue, replaceEntry, entriesFor } from '../store/outbox.js';
import { getRecord, entriesOf } from '../store/records.js';
import { saveErrorText, pageHeader, patientLabel, installGate, missing } from './common.js';
import { errorList } from './labels.js';
import { rejectionDetails } from './rejection.js';

// A form route names a pathway (new entry) or an entry of its entity (correct it). `queued` is the
// entry's unsent outbox mutation, if any: saving replaces it rather than stacking a second one.
// `continues`: the pathway's form carries on its latest entry (the checklist is one journal record).
export async function formTarget(entity, id, { continues = false } = {}) {
  const record = getRecord(id);
  if (record?.entity === 'pathway') {
    const latest = continues && entriesOf(record.id, entity).at(-1);
    return latest ? formTarget(entity, latest.id) : { pathway: record, entry: null, queued: null };
  }
  const queued = (await entriesFor(id)).find((e) => e.entity === entity) || null;
  const entry = record?.entity === entity ? record
    : queued && { id, ...queued.mutation.data, version: queued.mutation.base_version ?? 0, unsent: true };
  return entry ? { pathway: getRecord(entry.pathway_id), entry, queued } : null;
}

// Resolve the route and draw the page head. Null when there is nothing to edit here (missing, the
// iPad install gate, or an entry in conflict, which is resolved on its own screen).
export async function openForm(root, entity, id, title, options = {}) {
  const target = await formTarget(entity, id, options);
  if (!target?.pathway) { missing(root); return null; }
  target.back = target.queued?.status === 'rejected' ? '#/sync' : `#/patient/${target.pathway.patient_id}`;
  const heading = typeof title === 'function' ? title(target) : title;
  root.append(pageHeader(target.entry && id === target.entry.id ? t('edit_heading', { title: heading }) : heading,
    target.back, patientLabel(target.pathway)));
  const gate = installGate() || (target.queued?.status === 'conflict'
    ? h('section', { class: 'card warn', role: 'alert' }, h('p', {}, t('conflict_notice')),
      h('a', { class: 'btn', href: `#/conflict/${target.queued.id}` }, t('resolve'))) : null);
  if (gate) { root.append(gate); return null; }
  return target;
}

// Mark the fields a rejection named: the nearest [data-path] or [name] for the path or its parent.
export function markErrors(form, entity, errors) {
  for (const { path, label, messages } of errorList(entity, errors)) {
    const parts = path.split('.');
    let el = null;
    for (let n = parts.length; n > 0 && !el; n--) {
      const p = CSS.escape(parts.slice(0, n).join('.'));
      el = form.querySelector(`[data-path="${p}"], [name="${p}"]`);
    }
    if (!el) continue;
    if (el.matches('input, textarea, select, [role=radiogroup]')) el.setAttribute('aria-invalid', 'true');
    const box = el.closest('.field, fieldset, .activity') || el;
    box.classList.add('invalid');
    box.append(h('p', { class: 'field-error' }, `${label}: ${messages.join(' ')}`));
  }
}

function notices(target) {
  const { entry, queued } = target;
  if (queued?.status === 'rejected') {
    return h('section', { class: 'card warn', role: 'alert', 'data-testid': 'rejected-notice' },
      rejectionDetails(queued), h('p', {}, t('rejected_fix_hint')));
  }
  if (!entry) return null;
  return h('p', { class: 'notice' }, entry.unsent || queued ? t('edit_unsent_notice') : t('edit_notice', { n: entry.version }));
}

// spec: {entity, target, initial(), read(), fill(state), validate(state) → error text or null,
//        data(state) → the record's data}
export async function runForm(root, ctx, form, spec) {
  const { target, entity } = spec;
  const key = target.entry ? `${entity}:edit:${target.entry.id}` : `${entity}:${spec.draftKey || target.pathway.id}`;
  const draft = await loadDraft(key);
  spec.fill(draft || spec.initial());
  const notice = notices(target);
  if (notice) form.before(notice);
  if (target.queued?.status === 'rejected') markErrors(form, entity, target.queued.errors);
  if (draft) root.prepend(h('p', { class: 'notice', role: 'status' }, t('draft_restored')));
  const saver = autosaver(key, spec.read);
  form.addEventListener('input', () => saver.touch());
  form.addEventListener('change', () => saver.touch());
  const error = h('p', { class: 'error', role: 'alert' });
  form.append(error, h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, target.queued?.status === 'rejected' ? t('fix_and_resend') : t('save')),
    h('button', { type: 'button', class: 'btn', onclick: async () => {
      if (!confirm(t('discard_confirm'))) return;
      await saver.stop();
      await clearDraft(key);
      ctx.go(target.back);
      ctx.formClosed();
    } }, t('discard'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const state = spec.read();
    const problem = spec.validate(state);
    if (problem) { error.textContent = problem; return; }
    try {
      await queueChange(ctx, entity, target, { pathway_id: target.pathway.id, ...spec.data(state) });
      await saver.stop();
      await clearDraft(key);
      announce(t('saved_locally'));
      await ctx.engine.refreshCounts();
      ctx.go(target.back); // before a waiting release may reload the page
      // Not while a release is applied: a sync's fetches keep the old worker busy, which was seen to hold
      // the new one back for many seconds (Chromium); the reloaded page syncs at start anyway.
      if (!ctx.formClosed()) ctx.engine.run('saved');
    } catch (err) {
      error.textContent = saveErrorText(err);
    }
  });
  // Leaving the screen: flush the last keystrokes; the draft stays for next time.
  return () => { if (saver.pending()) saver.flush(); closeForm(key); ctx.formClosed(); };
}

// New → create; sent → amend on the version she edited; still in the outbox → replace that mutation.
async function queueChange(ctx, entity, { entry, queued }, data) {
  if (!entry) return recordAndQueue(entity, 'create', newId(), data);
  if (!queued) return recordAndQueue(entity, 'amend', entry.id, data, entry.version);
  try {
    return await ctx.engine.exclusive(() => replaceEntry(queued, entity, queued.mutation.op, entry.id, data,
      queued.mutation.base_version));
  } catch (err) {
    if (err.name !== 'GoneError') throw err;
    return recordAndQueue(entity, 'amend', entry.id, data, getRecord(entry.id).version); // it was sent: amend that
  }
}

export function listEditor(label, values, addText, onChange, path = null) {
  const list = h('ul', { class: 'list-editor' });
  const addRow = (value = '') => {
    const input = h('input', { type: 'text', value, 'aria-label': `${label} ${list.children.length + 1}`,
      'data-path': path ? `${path}.${list.children.length}` : null });
    const li = h('li', {}, input, h('button', { type: 'button', class: 'btn btn-quiet', 'aria-label': t('remove'),
      onclick: () => { li.remove(); onChange(); } }, '×'));
    list.append(li);
    return input;
  };
  values.forEach((v) => addRow(v));
  const wrap = h('fieldset', { class: 'field', 'data-path': path }, h('legend', {}, label), list,
    h('button', { type: 'button', class: 'btn', onclick: () => { addRow().focus(); onChange(); } }, addText));
  return { el: wrap, read: () => [...list.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean),
    set: (vals) => { list.replaceChildren(); vals.forEach((v) => addRow(v)); } };
}
