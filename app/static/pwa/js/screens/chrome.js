// The frame around every screen: the permanent status chip, «Lås», settings, the language switch and banners.
import { h, mount, fmtTime } from '../ui.js';
import { t, LANGS, getLang, setLang } from '../i18n.js';
import { isUnlocked } from '../vault/keyring.js';

// Links and «Lås» only for a logged-in, unlocked nurse; the lock screen shows none of them.
function renderNav(ctx) {
  let nav = document.getElementById('nav');
  if (!nav) {
    nav = h('nav', { id: 'nav', class: 'topnav' });
    document.querySelector('.topbar').insertBefore(nav, document.querySelector('.lang-switch'));
  }
  const user = ctx.user;
  if (!user || !isUnlocked()) { mount(nav); return; }
  nav.setAttribute('aria-label', t('settings_title'));
  mount(nav,
    ['leader', 'admin'].includes(user.role) ? h('a', { class: 'nav-link', href: '#/admin' }, t('admin_link')) : null,
    h('a', { class: 'nav-link', href: '#/settings' }, t('settings_title')),
    h('button', { type: 'button', class: 'btn btn-lock', 'data-testid': 'lock', onclick: () => ctx.lockNow('button') },
      t('lock_button')));
}

export function renderChrome(ctx) {
  const s = ctx.engine.state;
  const chip = document.getElementById('status-chip');
  const attention = (s.counts.conflict || 0) + (s.counts.rejected || 0);
  const online = s.online === null ? 'unknown' : s.online ? 'online' : 'offline';
  chip.dataset.state = online;
  document.body.dataset.sync = s.running ? 'running' : s.lastSync ? 'idle' : 'never';
  chip.dataset.unsent = String(s.counts.total);
  mount(chip,
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'chip-part' }, t(`status_${online}`)),
    h('span', { class: 'chip-part', 'data-testid': 'unsent-count' }, t('status_unsent', { n: s.counts.total })),
    h('span', { class: 'chip-part chip-wide' }, s.lastSync ? t('status_last_sync', { time: fmtTime(s.lastSync, getLang()) })
      : t('status_never_synced')),
    attention ? h('span', { class: 'chip-part attention' }, t('status_attention', { n: attention })) : null,
    s.running ? h('span', { class: 'chip-part' }, t('status_syncing')) : null);
  chip.setAttribute('aria-label', chip.textContent);

  const select = document.getElementById('lang');
  if (!select.options.length) {
    LANGS.forEach(([code, name]) => select.append(h('option', { value: code }, name)));
    select.addEventListener('change', () => { setLang(select.value); renderChrome(ctx); ctx.rerender(); });
  }
  select.value = getLang();
  renderNav(ctx);
  document.getElementById('lang-label').textContent = t('language');
  document.getElementById('skip').textContent = t('skip_to_content');
  document.getElementById('app-name').textContent = t('app_name');
}

const banners = new Map();
export function showBanner(id, text, actionText, onAction) {
  const area = document.getElementById('banners');
  banners.get(id)?.remove();
  const el = h('div', { class: `banner banner-${id}`, role: 'status', 'data-banner': id },
    h('p', {}, text),
    actionText ? h('button', { type: 'button', class: 'btn btn-primary', onclick: onAction }, actionText) : null,
    h('button', { type: 'button', class: 'btn btn-quiet', 'aria-label': t('close'),
      onclick: () => { el.remove(); banners.delete(id); } }, '×'));
  banners.set(id, el);
  area.append(el);
}
