// Field paths and values of clinical entries in words: «Aktivitet 1 – skår» for `activities.0.score`,
// the checklist item's text for `items.<key>`, dates and lists formatted. Shared by the sync, conflict
// and form screens so a rejected field reads the same everywhere.
import { fmtDate, fmtTime } from '../ui.js';
import { t, pick, getLang } from '../i18n.js';
import { getContent, getPocketCard } from '../store/reference.js';

const DATES = new Set(['held_on', 'assessed_on', 'recorded_on', 'next_follow_up']);
const LIST_ITEM = { activities: 'f_activity', goals: 'f_goal', agreed_actions: 'f_action', participants: 'f_participant' };
const SIMPLE = { held_on: 'held_on', assessed_on: 'assessed_on', recorded_on: 'recorded_on', next_follow_up: 'next_follow_up',
  participants: 'participants', what_matters: 'what_matters', goals: 'goals', agreed_actions: 'agreed_actions',
  prompts_used: 'f_prompts', activities: 'f_activities', items: 'f_items', kind: 'f_kind',
  template_version: 'f_template_version', pathway_id: 'f_pathway', recorded_at: 'f_recorded_at',
  entity_id: 'f_entry', base_version: 'f_base_version', id: 'f_entry', _schema: 'f_entry' };

export const checklistItems = () => getContent()?.checklist?.items || [];
const itemText = (key) => { const item = checklistItems().find((i) => i.key === key); return item ? pick(item.text) : key; };

// 'data.activities.0.score' → «Aktivitet 1 – skår»; unknown paths are shown as they are.
export function fieldLabel(entity, path) {
  const parts = String(path).replace(/^data\./, '').split('.');
  const [head, index, sub] = parts;
  if (head === 'items' && index) return itemText(parts.slice(1).join('.'));
  if (head === 'score') return t('f_cfs_score');
  if (LIST_ITEM[head] && /^\d+$/.test(index || '')) {
    const n = Number(index) + 1;
    if (head === 'activities' && sub === 'score') return t('f_activity_score', { n });
    if (head === 'activities' && sub === 'name') return t('f_activity_name', { n });
    return t(LIST_ITEM[head], { n });
  }
  if (head === 'prompts_used' && index) return `${t('f_prompts')} ${Number(index) + 1}`;
  return SIMPLE[head] ? t(SIMPLE[head]) : parts.join('.');
}

function promptText(key) {
  for (const group of getPocketCard(getLang())?.groups || []) {
    const prompt = group.prompts.find((p) => p.key === key);
    if (prompt) return prompt.text;
  }
  return key;
}

// One field's value for reading, e.g. in the conflict table.
export function formatValue(entity, key, value) {
  if (value == null || value === '' || (Array.isArray(value) && !value.length)) return t('no_value');
  if (key.startsWith('items.')) return t(`status_${value}`);
  if (DATES.has(key)) return fmtDate(value, getLang());
  if (key === 'recorded_at') return fmtTime(value, getLang());
  if (key === 'kind') return t(`psfs_${value}`);
  if (key === 'goals') return value.map((g) => g.text).join('; ');
  if (key === 'activities') return value.map((a) => `${a.name}: ${a.score ?? t('no_value')}`).join('; ');
  if (key === 'prompts_used') return value.map(promptText).join('; ');
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

// The fields a nurse sees and may choose between, in form order; a checklist is one row per item.
const FIELDS = {
  conversation: ['held_on', 'participants', 'what_matters', 'goals', 'agreed_actions', 'prompts_used', 'next_follow_up'],
  psfs: ['assessed_on', 'activities'],
  checklist: ['recorded_on'],
  cfs: ['assessed_on', 'score'],
};

export function comparableFields(entity, ...records) {
  const keys = [...(FIELDS[entity] || [])];
  if (entity === 'checklist') {
    const used = new Set(records.flatMap((r) => Object.keys(r?.items || {})));
    const known = checklistItems().map((i) => i.key);
    keys.push(...known.filter((k) => used.has(k)).map((k) => `items.${k}`),
      ...[...used].filter((k) => !known.includes(k)).map((k) => `items.${k}`)); // keys the template lacks, last
  }
  return keys;
}

export const valueAt = (record, key) => (key.startsWith('items.') ? record?.items?.[key.slice(6)] : record?.[key]);

export function setValueAt(record, key, value) {
  if (!key.startsWith('items.')) { record[key] = value; return; }
  record.items = { ...(record.items || {}) };
  if (value == null) delete record.items[key.slice(6)]; else record.items[key.slice(6)] = value;
}

// A rejection's errors ({path: [messages]}) as [{path, label, messages}], in the order the server gave.
export const errorList = (entity, errors) => Object.entries(errors || {})
  .map(([path, messages]) => ({ path: path.replace(/^data\./, ''), label: fieldLabel(entity, path), messages }));
