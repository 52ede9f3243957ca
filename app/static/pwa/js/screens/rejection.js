// How a rejected entry reads, on the sync screen and above its form: the server's reason with field paths
// put in words, and the labels of the fields she has to correct.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { errorList, fieldLabel } from './labels.js';

// "Check 'data.assessed_on': …" → "Check «Dato»: …"
const readable = (entity, reason) => String(reason || '')
  .replace(/'((?:data\.)?[\w.]+)'/g, (_, path) => `«${fieldLabel(entity, path)}»`);

export function rejectionDetails(entry) {
  const fields = errorList(entry.entity, entry.errors);
  return [
    h('p', { class: 'reason' }, t('rejected_notice', { reason: readable(entry.entity, entry.reason) })),
    fields.length ? h('p', { class: 'fields-to-fix' }, t('fields_to_fix'), ' ',
      h('strong', {}, fields.map((f) => f.label).join(', '))) : null,
  ];
}
