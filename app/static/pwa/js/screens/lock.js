// The lock screen: no patient data, only a way back in (passkey PRF or PIN, both offline) or out.
import { h, fmtTime } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { field } from './common.js';
import { storedMethod, unlockWith } from '../vault/keyring.js';
import { pinProblem } from '../vault/unlock-pin.js';
import { logoutAndWipe } from '../session.js';
import { ceremonyMessage } from './login.js';

export async function render(root, ctx) {
  const method = await storedMethod();
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'unlock-error' });
  const card = h('section', { class: 'card narrow lock-screen', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, t('lock_title')));
  const unlocked = () => ctx.unlocked();
  const fail = (err) => { error.textContent = unlockMessage(err); if (err.code === 'wiped') wiped(); };

  if (method === 'prf') {
    const button = h('button', { type: 'button', class: 'btn btn-primary btn-block btn-big', onclick: async () => {
      error.textContent = '';
      button.disabled = true;
      try { await unlockWith('prf'); await unlocked(); } catch (err) { fail(err); } finally { button.disabled = false; }
    } }, t('unlock_passkey'));
    card.append(h('p', {}, t('lock_intro_prf')), button, error);
  } else if (method === 'pin') {
    const pin = pinInput('current-password');
    card.append(h('form', { onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      try { await unlockWith('pin', pin.value); await unlocked(); } catch (err) { pin.value = ''; fail(err); pin.focus(); }
    } }, h('p', {}, t('lock_intro_pin')), field(t('pin_label'), pin), error,
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('unlock_button'))));
    setTimeout(() => pin.focus(), 0);
  } else if (method === 'device') {
    card.append(h('p', { class: 'muted' }, t('lock_intro_device')),
      h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: async () => {
        await unlockWith('device'); await unlocked();
      } }, t('unlock_button')), error);
  } else {
    card.append(h('p', { class: 'error' }, t('pin_wiped')));
  }
  card.append(h('p', {}, h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => logout(ctx) }, t('logout'))));
  root.append(card);

  async function wiped() {
    await logoutAndWipe();
    card.querySelectorAll('form, button').forEach((el) => el.remove());
  }
}

async function logout(ctx) {
  const left = ctx.engine.state.counts.total;
  if (!confirm(left ? t('logout_unsent', { n: left }) : t('logout_confirm'))) return;
  await logoutAndWipe();
  location.replace('/#/login');
  location.reload();
}

export const pinInput = (autocomplete) => h('input', { type: 'password', inputmode: 'numeric', autocomplete,
  pattern: '[0-9]*', minlength: '6', required: true, class: 'pin-input' });

function unlockMessage(err) {
  if (err.code === 'wrong') return t('pin_wrong', { n: err.attemptsLeft });
  if (err.code === 'locked') return t('pin_locked', { time: fmtTime(new Date(err.retryAt).toISOString(), getLang()) });
  if (err.code === 'wiped') return t('pin_wiped');
  if (err.name === 'OperationError') return t('unlock_other_passkey');
  return ceremonyMessage(err);
}

// Choose a PIN (a passkey without PRF): twice, checked by the vault's rules. onPin(pin) seals the keys.
export function pinSetup(onPin) {
  const pin = pinInput('new-password');
  const again = pinInput('new-password');
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('pin_save'));
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'pin-title', onsubmit: async (e) => {
    e.preventDefault();
    const problem = pinProblem(pin.value);
    error.textContent = problem ? t(`pin_${problem}`) : pin.value !== again.value ? t('pin_mismatch') : '';
    if (error.textContent) return;
    button.disabled = true;
    try { await onPin(pin.value); } catch (err) { error.textContent = `${t('request_failed')} ${err.message}`; button.disabled = false; }
  } }, h('h1', { id: 'pin-title' }, t('pin_setup_title')), h('p', {}, t('pin_setup_intro')),
  field(t('pin_label'), pin), field(t('pin_repeat'), again), error, button);
  setTimeout(() => pin.focus(), 0);
  return form;
}
