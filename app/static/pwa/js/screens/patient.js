// One patient's visit: what is due, the forms one tap away, and the entries recorded so far.
import { h, fmtDate, fmtNumber } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { getRecord, activePathway, entriesOf } from '../store/records.js';
import { getContent } from '../store/reference.js';
import { fulfilment, mean } from '../due.js';
import { pageHeader, unsentBadge, installGate, missing } from './common.js';
import { dueChips } from './caseload.js';
import { openPocketCard } from './pocketcard.js';

export const refreshOnSync = true;

function entrySummary(entity, e) {
  if (entity === 'conversation') return `${fmtDate(e.held_on, getLang())} · ${t('goals_n', { n: e.goals.length })}`;
  if (entity === 'psfs') {
    const m = mean(e.activities.map((a) => a.score));
    return `${t(`psfs_${e.kind}`)} ${fmtDate(e.assessed_on, getLang())} · ${t('mean')} ${fmtNumber(m, getLang())}`;
  }
  if (entity === 'checklist') {
    const pct = fulfilment(e.items, getContent()?.checklist?.items?.length || 10);
    return `${fmtDate(e.recorded_on, getLang())} · ${t('fulfilment')} ${pct == null ? '–' : `${pct} %`}`;
  }
  return `${fmtDate(e.assessed_on, getLang())} · CFS ${e.score}`;
}

// An entry with its version once corrected, and «Rett»: its form on the entry's id, prefilled. The link
// is named by the entry alone; the section's heading says what kind it is.
function entryItem(entity, e) {
  const summary = entrySummary(entity, e);
  return h('li', { 'data-entity': entity, 'data-id': e.id }, summary, ' ',
    e.version > 1 ? h('span', { class: 'muted' }, `(${t('entry_version', { n: e.version })}) `) : null, unsentBadge(e), ' ',
    h('a', { class: 'btn btn-quiet', href: `#/${entity}/${e.id}`, 'aria-label': t('correct_label', { what: summary }) },
      t('correct')));
}

export async function render(root, ctx, patientId) {
  const patient = getRecord(patientId);
  if (!patient) return missing(root);
  const pathway = activePathway(patientId);
  root.append(pageHeader(`${patient.given_name} ${patient.family_name}`, '#/', t('caseload_title')),
    h('p', { class: 'muted' }, [patient.birth_date && t('born', { date: fmtDate(patient.birth_date, getLang()) }),
      patient.address].filter(Boolean).join(' · ')));
  if (!pathway) { root.append(h('p', { class: 'card' }, t('no_pathway'))); return null; }
  const psfs = entriesOf(pathway.id, 'psfs');
  const hasBaseline = psfs.some((p) => p.kind === 'baseline');
  root.append(
    h('p', {}, t('pathway_since', { date: fmtDate(pathway.start_date, getLang()) })),
    h('div', { class: 'tags' }, dueChips(pathway)),
    ...[installGate()].filter(Boolean),
    h('nav', { class: 'actions', 'aria-label': t('visit_actions') },
      h('a', { class: 'btn btn-action', href: `#/conversation/${pathway.id}` }, t('conversation_title')),
      h('a', { class: 'btn btn-action', href: `#/psfs/${pathway.id}` },
        hasBaseline ? t('psfs_new_follow_up') : t('psfs_new_baseline')),
      h('a', { class: 'btn btn-action', href: `#/checklist/${pathway.id}` }, t('checklist_title')),
      h('a', { class: 'btn btn-action', href: `#/cfs/${pathway.id}` }, t('cfs_title')),
      h('button', { type: 'button', class: 'btn btn-action', onclick: () => openPocketCard() }, t('pocket_card'))));
  const sections = ['conversation', 'psfs', 'checklist', 'cfs'].map((entity) => {
    const entries = entriesOf(pathway.id, entity);
    return h('section', { class: 'card', 'aria-labelledby': `h-${entity}` },
      h('h2', { id: `h-${entity}` }, t(`${entity}_title`)),
      entries.length ? h('ul', { class: 'entry-list' }, entries.map((e) => entryItem(entity, e)))
        : h('p', { class: 'muted' }, t('none_yet')));
  });
  root.append(h('div', { class: 'grid' }, sections));
  return null;
}
