// The life of a capture form: restore its draft, autosave while typing, save to store+outbox, leave.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { loadDraft, autosaver, clearDraft, closeForm } from '../store/drafts.js';
import { recordAndQueue } from '../store/outbox.js';
import { saveErrorText } from './common.js';
import { announce } from '../ui.js';

// spec: {key, initial(), read(), fill(state), validate(state) → error text or null,
//        save(state) → {entity, op, id, data, baseVersion}, doneHash}
export async function runForm(root, ctx, form, spec) {
  const draft = await loadDraft(spec.key);
  spec.fill(draft || spec.initial());
  if (draft) root.prepend(h('p', { class: 'notice', role: 'status' }, t('draft_restored')));
  const saver = autosaver(spec.key, spec.read);
  form.addEventListener('input', () => saver.touch());
  form.addEventListener('change', () => saver.touch());
  const error = h('p', { class: 'error', role: 'alert' });
  form.append(error, h('div', { class: 'form-actions' },
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('save')),
    h('button', { type: 'button', class: 'btn', onclick: async () => {
      if (!confirm(t('discard_confirm'))) return;
      await clearDraft(spec.key);
      ctx.go(spec.doneHash);
      ctx.formClosed();
    } }, t('discard'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const state = spec.read();
    const problem = spec.validate(state);
    if (problem) { error.textContent = problem; return; }
    try {
      const m = spec.save(state);
      await recordAndQueue(m.entity, m.op, m.id, m.data, m.baseVersion);
      await clearDraft(spec.key);
      announce(t('saved_locally'));
      await ctx.engine.refreshCounts();
      ctx.go(spec.doneHash); // before a waiting release may reload the page
      ctx.formClosed();
      ctx.engine.run('saved');
    } catch (err) {
      error.textContent = saveErrorText(err);
    }
  });
  // Leaving the screen: flush the last keystrokes; the draft stays for next time.
  return () => { if (saver.pending()) saver.flush(); closeForm(spec.key); ctx.formClosed(); };
}

export function listEditor(label, values, addText, onChange) {
  const list = h('ul', { class: 'list-editor' });
  const addRow = (value = '') => {
    const input = h('input', { type: 'text', value, 'aria-label': `${label} ${list.children.length + 1}` });
    const li = h('li', {}, input, h('button', { type: 'button', class: 'btn btn-quiet', 'aria-label': t('remove'),
      onclick: () => { li.remove(); onChange(); } }, '×'));
    list.append(li);
    return input;
  };
  values.forEach((v) => addRow(v));
  const wrap = h('fieldset', { class: 'field' }, h('legend', {}, label), list,
    h('button', { type: 'button', class: 'btn', onclick: () => { addRow().focus(); onChange(); } }, addText));
  return { el: wrap, read: () => [...list.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean),
    set: (vals) => { list.replaceChildren(); vals.forEach((v) => addRow(v)); } };
}
