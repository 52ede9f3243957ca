// Sync: «Synkroniser nå», progress, the end-of-shift summary, what is left and why (a rejected entry is
// corrected or knowingly discarded here), storage, logout.
import { h, mount, fmtTime, announce } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { list, discardEntry } from '../store/outbox.js';
import { getRecord } from '../store/records.js';
import { pageHeader, patientLabel, confirmDialog } from './common.js';
import { rejectionDetails } from './rejection.js';
import { logoutAndWipe } from '../session.js';

function summaryText(state) {
  const { summary, counts } = state;
  if (!summary) return '';
  if (counts.total === 0) return t('summary_all_sent', { sent: summary.sent, total: summary.total });
  return t('summary_left', { sent: summary.sent, total: summary.total, left: counts.total });
}

function storageText(s) {
  if (!s) return '';
  const parts = [s.persisted ? t('storage_persistent') : t('storage_not_persistent')];
  if (s.quota) parts.push(t('storage_usage', { used: (s.usage / 1e6).toFixed(1), quota: Math.round(s.quota / 1e6) }));
  return parts.join(' ');
}

// «PSFS for <patient>»: what the entry is and whose, read from the mutation itself (an unsent create
// has no other copy the screen could trust).
function entryTitle(e) {
  const pathway = getRecord(e.mutation.data?.pathway_id);
  return t('rejected_entry_of', { what: t(`${e.entity}_title`), patient: patientLabel(pathway) || '–' });
}

// One outbox entry; a rejected one with its reason, «Rett» (its form, fields marked) and discard.
function outboxItem(e, ctx, redraw) {
  const title = entryTitle(e);
  const discard = async () => {
    if (!(await confirmDialog(t('discard_rejected_confirm'), t('discard_yes')))) return;
    await discardEntry(e);
    announce(t('discarded'));
    await ctx.engine.refreshCounts();
    redraw();
  };
  return h('li', { 'data-status': e.status, 'data-entity': e.entity },
    h('strong', {}, title), ' · ', fmtTime(new Date(e.created).toISOString(), getLang()), ' · ',
    h('span', { class: `tag tag-${e.status}` }, t(`outbox_${e.status}`)),
    e.status === 'rejected' ? rejectionDetails(e) : null,
    e.status === 'conflict' && e.reason ? h('p', { class: 'reason' }, e.reason) : null,
    e.status === 'pending' ? null : h('div', { class: 'entry-actions' },
      e.status === 'conflict' ? h('a', { class: 'btn', href: `#/conflict/${e.id}` }, t('resolve')) : null,
      e.status === 'rejected' ? [
        h('a', { class: 'btn btn-primary', href: `#/${e.entity}/${e.entity_id}`,
          'aria-label': t('correct_label', { what: title }) }, t('correct')),
        h('button', { type: 'button', class: 'btn btn-danger', onclick: discard }, t('discard'))] : null));
}

export async function render(root, ctx) {
  const engine = ctx.engine;
  const progress = h('progress', { max: '1', value: '0', 'aria-label': t('sync_progress') });
  const status = h('p', { class: 'sync-status', role: 'status' });
  const summary = h('p', { class: 'summary', 'data-testid': 'sync-summary' });
  const entries = h('div', {});
  const button = h('button', { type: 'button', class: 'btn btn-primary btn-big', 'data-testid': 'sync-now',
    onclick: () => engine.run('manual') }, t('sync_now'));

  async function drawEntries() {
    const rows = await list();
    mount(entries, rows.length ? h('ul', { class: 'outbox' }, rows.map((e) => outboxItem(e, ctx, drawEntries)))
      : h('p', { class: 'muted' }, t('outbox_empty')));
  }

  const draw = () => {
    const s = engine.state;
    button.disabled = s.running;
    progress.max = Math.max(s.total, 1);
    progress.value = s.running ? s.sent : (s.total ? s.sent : 0);
    status.textContent = s.running ? t('sync_running', { sent: s.sent, total: s.total })
      : s.error ? `${t('sync_failed')} ${s.needsLogin ? t('sync_login_again') : s.error}`
        : s.online === false ? t('sync_offline') : s.lastSync ? t('status_last_sync', { time: fmtTime(s.lastSync, getLang()) }) : '';
    summary.textContent = summaryText(s);
    if (!s.running) drawEntries();
  };
  const onChange = () => draw();
  engine.addEventListener('change', onChange);
  root.append(pageHeader(t('sync_title'), '#/', t('caseload_title')),
    h('section', { class: 'card' }, button, progress, status, summary),
    h('section', { class: 'card', 'aria-labelledby': 'h-outbox' }, h('h2', { id: 'h-outbox' }, t('outbox_title')), entries),
    h('section', { class: 'card', 'aria-labelledby': 'h-storage' }, h('h2', { id: 'h-storage' }, t('storage_title')),
      h('p', {}, storageText(ctx.storage))),
    h('section', { class: 'card' }, h('button', { type: 'button', class: 'btn', onclick: async () => {
      const left = engine.state.counts.total;
      if (left && !confirm(t('logout_unsent', { n: left }))) return;
      if (!left && !confirm(t('logout_confirm'))) return;
      await logoutAndWipe();
      location.replace('/#/login');
      location.reload();
    } }, t('logout'))));
  draw();
  return () => engine.removeEventListener('change', onChange);
}
