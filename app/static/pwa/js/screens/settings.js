// Settings of this tablet: when the app locks itself. Logging out lives on the sync page, next to what is unsent.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { pageHeader, field } from './common.js';
import { CHOICES, getIdleMinutes, setIdleMinutes, touch } from '../idle.js';

export async function render(root) {
  const current = getIdleMinutes();
  const choices = CHOICES.includes(current) ? CHOICES : [...CHOICES, current].sort((a, b) => a - b);
  const status = h('p', { class: 'muted', role: 'status' });
  const select = h('select', { name: 'idle_minutes', onchange: () => {
    setIdleMinutes(Number(select.value));
    touch();
    status.textContent = t('settings_saved');
  } }, choices.map((n) => h('option', { value: String(n), selected: n === current }, t('idle_minutes', { n }))));
  root.append(pageHeader(t('settings_title'), '#/'),
    h('section', { class: 'card' }, field(t('idle_lock_label'), select, t('idle_lock_hint')), status),
    h('section', { class: 'card' }, h('p', {}, t('settings_logout_hint')),
      h('a', { class: 'btn', href: '#/sync' }, t('sync_title'))));
}
