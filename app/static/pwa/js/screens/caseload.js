// Caseload: the patients of the nurse's teams from the local store, searchable, with what is due.
import { h, today, fmtDate } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { patients, activePathway, entriesOf } from '../store/records.js';
import { getContent } from '../store/reference.js';
import { getUser } from '../store/meta.js';
import { dueFor } from '../due.js';

export const refreshOnSync = true;

export function dueChips(pathway) {
  if (!pathway) return [h('span', { class: 'tag' }, t('no_pathway'))];
  const content = getContent();
  const entries = { conversations: entriesOf(pathway.id, 'conversation'), psfs: entriesOf(pathway.id, 'psfs'),
    checklists: entriesOf(pathway.id, 'checklist') };
  const due = dueFor(entries, today(), content?.psfs, content?.checklist?.items?.length || 10);
  const chips = [];
  if (due.missingConversation) chips.push(h('span', { class: 'tag tag-due' }, t('due_conversation')));
  if (due.missingBaseline) chips.push(h('span', { class: 'tag tag-due' }, t('due_baseline')));
  if (due.followUpDate) {
    chips.push(h('span', { class: `tag ${due.followUpDue ? 'tag-due' : ''}` },
      t(due.followUpOverdue ? 'due_follow_up_overdue' : 'due_follow_up', { date: fmtDate(due.followUpDate, getLang()) })));
  }
  if (due.openChecklist) chips.push(h('span', { class: 'tag' }, t('due_checklist', { n: due.openChecklist })));
  const unsent = Object.values(entries).flat().filter((e) => e.unsent).length;
  if (unsent) chips.push(h('span', { class: 'badge badge-unsent' }, t('unsent_n', { n: unsent })));
  return chips;
}

export async function render(root, ctx) {
  const user = await getUser();
  const list = patients();
  const search = h('input', { type: 'search', id: 'search', autocomplete: 'off' });
  const items = list.map((p) => {
    const li = h('li', {},
      h('a', { class: 'patient-row', href: `#/patient/${p.id}` },
        h('span', { class: 'patient-name' }, `${p.family_name}, ${p.given_name}`),
        h('span', { class: 'muted' }, p.birth_date ? t('born', { date: fmtDate(p.birth_date, getLang()) }) : ''),
        h('span', { class: 'tags' }, dueChips(activePathway(p.id)))));
    li.dataset.search = `${p.given_name} ${p.family_name}`.toLowerCase();
    return li;
  });
  const ul = h('ul', { class: 'patient-list', 'aria-labelledby': 'page-title' }, items);
  const count = h('p', { class: 'muted', 'aria-live': 'polite' }, t('patients_count', { n: list.length }));
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    items.forEach((li) => { li.hidden = q !== '' && !li.dataset.search.includes(q); if (!li.hidden) shown += 1; });
    count.textContent = t('patients_count', { n: shown });
  });
  const teams = (user?.teams || []).map((tm) => tm.name).join(', ');
  root.append(
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title' }, t('caseload_title')),
      teams ? h('p', { class: 'muted' }, teams) : null),
    h('div', { class: 'field search-field' }, h('label', { for: 'search' }, t('search_label')), search),
    count,
    list.length ? ul : h('p', { class: 'card' }, ctx.engine.state.running ? t('loading_patients') : t('no_patients')));
}
