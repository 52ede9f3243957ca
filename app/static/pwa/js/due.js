// What is due for a pathway: pure, from its entries, today's date and the PSFS rules.
import { addDays } from './ui.js';

export function dueFor({ conversations, psfs, checklists }, todayIso, rules, itemCount = 10) {
  const baseline = psfs.find((p) => p.kind === 'baseline');
  const followUp = psfs.find((p) => p.kind === 'follow_up');
  const after = rules?.follow_up_after_days ?? 28;
  const window = rules?.follow_up_window_days ?? 7;
  const followUpDate = baseline && !followUp ? addDays(baseline.assessed_on, after) : null;
  const latest = checklists[checklists.length - 1];
  const items = latest ? Object.values(latest.items) : [];
  const open = latest ? itemCount - items.filter((s) => s === 'done' || s === 'not_applicable').length : itemCount;
  return {
    missingConversation: conversations.length === 0,
    missingBaseline: !baseline,
    followUpDate,
    followUpDue: Boolean(followUpDate && todayIso >= addDays(followUpDate, -window)),
    followUpOverdue: Boolean(followUpDate && todayIso > followUpDate),
    openChecklist: open,
  };
}

export function fulfilment(items, itemCount) {
  const values = Object.values(items || {});
  const na = values.filter((s) => s === 'not_applicable').length;
  const done = values.filter((s) => s === 'done').length;
  const denominator = itemCount - na;
  return denominator > 0 ? Math.round((100 * done) / denominator) : null;
}

export const mean = (scores) => (scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null);
