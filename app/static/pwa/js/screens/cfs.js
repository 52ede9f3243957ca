// Clinical Frailty Scale: nine levels with their descriptions, from the server's reference content.
import { h, today, newId } from '../ui.js';
import { t, pick } from '../i18n.js';
import { getRecord } from '../store/records.js';
import { getContent } from '../store/reference.js';
import { pageHeader, field, patientLabel, installGate, missing } from './common.js';
import { runForm } from './form.js';

export async function render(root, ctx, pathwayId) {
  const pathway = getRecord(pathwayId);
  if (!pathway) return missing(root);
  const back = `#/patient/${pathway.patient_id}`;
  root.append(pageHeader(t('cfs_title'), back, patientLabel(pathway)));
  const gate = installGate();
  const cfs = getContent()?.cfs;
  if (gate || !cfs) { root.append(gate || h('p', { class: 'card' }, t('content_missing'))); return null; }
  const assessed = h('input', { type: 'date', name: 'assessed_on', required: true });
  const form = h('form', { class: 'card form', 'aria-labelledby': 'page-title' });
  form.append(field(t('assessed_on'), assessed),
    h('fieldset', { class: 'cfs-levels' }, h('legend', {}, t('cfs_pick')), cfs.levels.map((lvl) => h('div', { class: 'cfs-level' },
      h('input', { type: 'radio', name: 'cfs', value: String(lvl.level), id: `cfs-${lvl.level}` }),
      h('label', { for: `cfs-${lvl.level}` }, h('strong', {}, `${lvl.level} ${pick(lvl.name)}`),
        h('span', { class: 'cfs-text' }, pick(lvl.text)))))),
    h('p', { class: 'muted small' }, t('cfs_copyright')));
  root.append(form);
  const read = () => ({ assessed_on: assessed.value,
    score: Number(form.querySelector('input[name=cfs]:checked')?.value) || null });
  return runForm(root, ctx, form, {
    key: `cfs:${pathwayId}`,
    doneHash: back,
    initial: () => ({ assessed_on: today(), score: null }),
    fill(s) {
      assessed.value = s.assessed_on || today();
      if (s.score) form.querySelector(`#cfs-${s.score}`).checked = true;
    },
    read,
    validate: (s) => (!s.assessed_on ? t('error_date') : (s.score ? null : t('error_cfs'))),
    save: (s) => ({ entity: 'cfs', op: 'create', id: newId(), data: { pathway_id: pathwayId, ...s } }),
  });
}
