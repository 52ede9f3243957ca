// PSFS: baseline (1–5 activities the patient names) or follow-up pre-filled with the baseline's
// activities, each scored 0–10 with the anchors shown; change per activity and in the mean.
// The route names a pathway (a new assessment) or a PSFS entry (correct it: a new version).
import { h, today, newId, fmtNumber } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { entriesOf } from '../store/records.js';
import { getContent } from '../store/reference.js';
import { mean } from '../due.js';
import { field } from './common.js';
import { runForm, openForm } from './form.js';

const fmt = (n) => fmtNumber(n, getLang());
const signed = (n) => (n > 0 ? `+${fmt(n)}` : fmt(n));

function scoreControl(name, label, onPick, path) {
  const group = h('div', { class: 'scale', role: 'radiogroup', 'aria-label': label, 'data-path': path });
  for (let v = 0; v <= 10; v++) {
    const input = h('input', { type: 'radio', name, value: String(v), id: `${name}-${v}`, onchange: onPick });
    group.append(h('span', { class: 'scale-step' }, input, h('label', { for: `${name}-${v}` }, String(v))));
  }
  return group;
}

// A new assessment is a follow-up once the pathway has a baseline; a correction keeps its kind.
function kindOf({ pathway, entry }) {
  if (entry) return entry.kind;
  return entriesOf(pathway.id, 'psfs').some((p) => p.kind === 'baseline') ? 'follow_up' : 'baseline';
}

export async function render(root, ctx, id) {
  const target = await openForm(root, 'psfs', id,
    (tg) => t(kindOf(tg) === 'baseline' ? 'psfs_new_baseline' : 'psfs_new_follow_up'));
  if (!target) return null;
  const kind = kindOf(target);
  const rules = getContent()?.psfs || { max_activities: 5, min_activities: 1, anchors: {}, important_change: {} };
  const anchors = rules.anchors?.[getLang()] || rules.anchors?.nb || {};
  const baseline = kind === 'follow_up' ? entriesOf(target.pathway.id, 'psfs').find((p) => p.kind === 'baseline') : null;
  const assessed = h('input', { type: 'date', name: 'assessed_on', required: true });
  const rows = h('ol', { class: 'activities' });
  const summary = h('p', { class: 'psfs-summary', 'aria-live': 'polite' });
  const form = h('form', { class: 'card form', 'aria-labelledby': 'page-title' });
  const baseScore = new Map((baseline?.activities || []).map((a) => [a.id, a.score]));

  const update = () => {
    const s = read();
    const scores = s.activities.filter((a) => a.score != null);
    let text = `${t('mean')}: ${fmt(mean(scores.map((a) => a.score)))}`;
    if (baseline) {
      const before = mean(baseline.activities.map((a) => a.score));
      const now = mean(s.activities.filter((a) => baseScore.has(a.id) && a.score != null).map((a) => a.score));
      const change = now == null ? null : now - before;
      text += ` · ${t('baseline_mean')}: ${fmt(before)} · ${t('change')}: ${change == null ? '–' : signed(change)}`;
      if (change != null && change >= (rules.important_change?.mean ?? 2)) text += ` · ${t('important_change')}`;
    }
    summary.textContent = text;
    rows.querySelectorAll('[data-change]').forEach((el) => {
      const act = s.activities.find((a) => a.id === el.dataset.change);
      el.textContent = act?.score == null ? '' : `${t('change')}: ${signed(act.score - baseScore.get(act.id))}`;
    });
  };

  function addRow(activity) {
    const id = activity.id || newId();
    const fixed = baseScore.has(id);
    const path = `activities.${rows.children.length}`;
    const name = h('input', { type: 'text', class: 'activity-name', value: activity.name || '', readOnly: fixed,
      'aria-label': t('activity_n', { n: rows.children.length + 1 }), 'data-path': `${path}.name` });
    const li = h('li', { class: 'activity', 'data-id': id, 'data-path': path },
      field(t('activity_n', { n: rows.children.length + 1 }), name),
      fixed ? h('p', { class: 'muted' }, t('baseline_score', { n: baseScore.get(id) }), ' ',
        h('strong', { 'data-change': id })) : null,
      scoreControl(`score-${id}`, t('score_for', { n: rows.children.length + 1 }), update, `${path}.score`),
      h('p', { class: 'anchors' }, h('span', {}, `0 = ${anchors['0'] || ''}`), h('span', {}, `10 = ${anchors['10'] || ''}`)),
      fixed ? null : h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { li.remove(); update(); } },
        t('remove_activity')));
    rows.append(li);
    if (activity.score != null) li.querySelector(`input[value="${activity.score}"]`).checked = true;
    return name;
  }

  function read() {
    return { assessed_on: assessed.value, activities: [...rows.children].map((li) => {
      const picked = li.querySelector('input[type=radio]:checked');
      return { id: li.dataset.id, name: li.querySelector('.activity-name').value.trim(),
        score: picked ? Number(picked.value) : null };
    }) };
  }

  const addBtn = h('button', { type: 'button', class: 'btn', onclick: () => {
    if (rows.children.length >= rules.max_activities) return;
    addRow({}).focus();
    form.dispatchEvent(new Event('input'));
  } }, t('add_activity'));
  form.append(field(t('assessed_on'), assessed), h('p', { class: 'hint' }, t('psfs_intro')), rows, addBtn, summary);
  root.append(form);
  return runForm(root, ctx, form, {
    entity: 'psfs',
    target,
    draftKey: `${target.pathway.id}:${kind}`,
    initial: () => (target.entry ? { assessed_on: target.entry.assessed_on, activities: target.entry.activities }
      : { assessed_on: today(), activities: baseline
        ? baseline.activities.map((a) => ({ id: a.id, name: a.name, score: null })) : [{}] }),
    fill(s) {
      assessed.value = s.assessed_on || today();
      rows.replaceChildren();
      (s.activities.length ? s.activities : [{}]).forEach((a) => addRow(a));
      update();
    },
    read,
    validate(s) {
      if (!s.assessed_on) return t('error_date');
      if (s.activities.some((a) => !a.name)) return t('error_activity_name');
      if (s.activities.some((a) => a.score == null)) return t('error_activity_score');
      if (s.activities.length < rules.min_activities || s.activities.length > rules.max_activities) {
        return t('error_activity_count', { max: rules.max_activities });
      }
      return null;
    },
    data: (s) => ({ kind, ...s }),
  });
}
