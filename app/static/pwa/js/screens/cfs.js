// Clinical Frailty Scale: nine levels with their descriptions, from the server's reference content.
// The route names a pathway (a new score) or a CFS entry (correct it: a new version).
import { h, today } from '../ui.js';
import { t, pick } from '../i18n.js';
import { getContent } from '../store/reference.js';
import { field } from './common.js';
import { runForm, openForm } from './form.js';

export async function render(root, ctx, id) {
  const target = await openForm(root, 'cfs', id, t('cfs_title'));
  if (!target) return null;
  const cfs = getContent()?.cfs;
  if (!cfs) { root.append(h('p', { class: 'card' }, t('content_missing'))); return null; }
  const assessed = h('input', { type: 'date', name: 'assessed_on', required: true });
  const form = h('form', { class: 'card form', 'aria-labelledby': 'page-title' });
  form.append(field(t('assessed_on'), assessed),
    h('fieldset', { class: 'cfs-levels', 'data-path': 'score' }, h('legend', {}, t('cfs_pick')), cfs.levels.map((lvl) => h('div', { class: 'cfs-level' },
      h('input', { type: 'radio', name: 'cfs', value: String(lvl.level), id: `cfs-${lvl.level}` }),
      h('label', { for: `cfs-${lvl.level}` }, h('strong', {}, `${lvl.level} ${pick(lvl.name)}`),
        h('span', { class: 'cfs-text' }, pick(lvl.text)))))),
    h('p', { class: 'muted small' }, t('cfs_copyright')));
  root.append(form);
  const read = () => ({ assessed_on: assessed.value,
    score: Number(form.querySelector('input[name=cfs]:checked')?.value) || null });
  return runForm(root, ctx, form, {
    entity: 'cfs',
    target,
    initial: () => (target.entry ? { assessed_on: target.entry.assessed_on, score: target.entry.score }
      : { assessed_on: today(), score: null }),
    fill(s) {
      assessed.value = s.assessed_on || today();
      const input = s.score && form.querySelector(`#cfs-${s.score}`);
      if (input) input.checked = true;
    },
    read,
    validate: (s) => (!s.assessed_on ? t('error_date') : (s.score ? null : t('error_cfs'))),
    data: (s) => s,
  });
}
