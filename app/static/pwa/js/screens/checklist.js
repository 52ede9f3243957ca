// The pathway checklist: ten items, each done / not done / not applicable, with fulfilment in %.
import { h, today, newId } from '../ui.js';
import { t, pick } from '../i18n.js';
import { getRecord, entriesOf } from '../store/records.js';
import { getContent } from '../store/reference.js';
import { fulfilment } from '../due.js';
import { pageHeader, field, patientLabel, installGate, missing } from './common.js';
import { runForm } from './form.js';

const STATUSES = ['done', 'not_done', 'not_applicable'];

export async function render(root, ctx, pathwayId) {
  const pathway = getRecord(pathwayId);
  if (!pathway) return missing(root);
  const back = `#/patient/${pathway.patient_id}`;
  root.append(pageHeader(t('checklist_title'), back, patientLabel(pathway)));
  const gate = installGate();
  const template = getContent()?.checklist;
  if (gate || !template) { root.append(gate || h('p', { class: 'card' }, t('content_missing'))); return null; }
  const latest = entriesOf(pathwayId, 'checklist').at(-1);
  const recorded = h('input', { type: 'date', name: 'recorded_on', required: true });
  const pct = h('p', { class: 'fulfilment', 'aria-live': 'polite' });
  const form = h('form', { class: 'card form', 'aria-labelledby': 'page-title' });
  const items = template.items.map((item, i) => h('fieldset', { class: 'check-item', 'data-key': item.key },
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
    key: `checklist:${pathwayId}`,
    doneHash: back,
    initial: () => ({ recorded_on: today(), items: { ...(latest?.items || {}) } }),
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
    // A sent checklist is amended (journal practice); one still unsent cannot be yet, so a new one is made.
    save: (s) => {
      const data = { pathway_id: pathwayId, template_version: template.version, ...s };
      return latest && latest.version >= 1
        ? { entity: 'checklist', op: 'amend', id: latest.id, data, baseVersion: latest.version }
        : { entity: 'checklist', op: 'create', id: newId(), data };
    },
  });
}
