// The pathway checklist: ten items, each done / not done / not applicable, with fulfilment in %.
// One journal record per pathway: the pathway's route carries on its latest checklist (a sent one is
// amended, an unsent one replaced); the route of an entry corrects that entry.
import { h, today } from '../ui.js';
import { t, pick } from '../i18n.js';
import { getContent } from '../store/reference.js';
import { fulfilment } from '../due.js';
import { field } from './common.js';
import { runForm, openForm } from './form.js';

const STATUSES = ['done', 'not_done', 'not_applicable'];

export async function render(root, ctx, id) {
  const target = await openForm(root, 'checklist', id, t('checklist_title'), { continues: true });
  if (!target) return null;
  const template = getContent()?.checklist;
  if (!template) { root.append(h('p', { class: 'card' }, t('content_missing'))); return null; }
  const recorded = h('input', { type: 'date', name: 'recorded_on', required: true });
  const pct = h('p', { class: 'fulfilment', 'aria-live': 'polite' });
  const form = h('form', { class: 'card form', 'aria-labelledby': 'page-title' });
  const items = template.items.map((item, i) => h('fieldset', { class: 'check-item', 'data-key': item.key,
    'data-path': `items.${item.key}` },
    h('legend', {}, `${i + 1}. ${pick(item.text)} `, h('span', { class: 'muted' }, `(${item.phase})`)),
    h('div', { class: 'segmented' }, STATUSES.map((s) => h('span', {},
      h('input', { type: 'radio', name: item.key, value: s, id: `${item.key}-${s}` }),
      h('label', { for: `${item.key}-${s}` }, t(`status_${s}`)))))));
  const read = () => ({ recorded_on: recorded.value, items: Object.fromEntries(template.items
    .map((item) => [item.key, form.querySelector(`input[name="${item.key}"]:checked`)?.value]).filter(([, v]) => v)) });
  const update = () => {
    const value = fulfilment(read().items, template.items.length);
    pct.textContent = `${t('fulfilment')}: ${value == null ? '–' : `${value} %`}`;
  };
  form.addEventListener('change', update);
  form.append(field(t('recorded_on'), recorded), ...items, pct);
  root.append(form);
  return runForm(root, ctx, form, {
    entity: 'checklist',
    target,
    // Carried on from the pathway it is today's update; corrected from the entry it keeps its date.
    initial: () => ({ recorded_on: (id === target.entry?.id && target.entry.recorded_on) || today(),
      items: { ...(target.entry?.items || {}) } }),
    fill(s) {
      recorded.value = s.recorded_on || today();
      for (const [key, value] of Object.entries(s.items || {})) {
        const input = form.querySelector(`input[name="${key}"][value="${value}"]`);
        if (input) input.checked = true;
      }
      update();
    },
    read,
    validate: (s) => (!s.recorded_on ? t('error_date') : (Object.keys(s.items).length ? null : t('error_checklist_empty'))),
    data: (s) => ({ template_version: template.version, ...s }),
  });
}
