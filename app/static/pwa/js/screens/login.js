// Login: the passkey first; the development login form only when the server says it is on (tests, demo).
import { h, mount } from '../ui.js';
import { t } from '../i18n.js';
import { field } from './common.js';
import { devLogin, finishWithPin, loginMethods, logoutAndWipe, passkeyLogin } from '../session.js';
import { isSupported } from '../auth/webauthn.js';
import { pinSetup } from './lock.js';

export async function render(root, ctx) {
  const methods = await loginMethods();
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'login-error' });
  const button = h('button', { type: 'button', class: 'btn btn-primary btn-block btn-big', onclick: async () => {
    error.textContent = t('passkey_waiting');
    button.disabled = true;
    try {
      await afterPasskeyLogin(root, ctx, await passkeyLogin());
    } catch (err) {
      error.textContent = ceremonyMessage(err);
      if (err.type === 'device-revoked') await logoutAndWipe();
    } finally { button.disabled = false; }
  } }, t('passkey_button'));
  root.append(h('section', { class: 'card narrow', 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, t('login_title')), h('p', {}, t('login_passkey_intro')),
    isSupported() ? button : h('p', { class: 'error' }, t('err_no_webauthn')), error,
    h('p', { class: 'muted small' }, t('login_no_passkey'))));
  if (methods.dev_login) root.append(devForm(ctx));
  if (isSupported()) button.focus();
}

// After a passkey login (also straight after enrolment): choose a PIN if the passkey has no PRF, go to
// the lock screen if this device's keys need another unlock, else into the app.
export async function afterPasskeyLogin(root, ctx, result) {
  if (result.needsPin) {
    mount(root, pinSetup(async (pin) => { await finishWithPin(result.user, result.needsPin, pin); await ctx.loggedIn(); }));
  } else {
    await ctx.loggedIn();
  }
}

export function ceremonyMessage(err) {
  const type = err && err.type;
  if (type === 'NotAllowedError' || type === 'AbortError' || type === 'cancelled') return t('err_cancelled');
  if (type === 'InvalidStateError') return t('err_already_enrolled');
  if (type === 'enrolment-link-invalid') return t('err_link_invalid');
  if (type === 'credential-revoked') return t('err_credential_revoked');
  if (type === 'unknown-credential') return t('err_unknown_credential');
  if (type === 'rate-limited') return t('err_rate_limited', { s: err.retryAfter || 60 });
  if (type === 'device-revoked') return t('err_device_revoked');
  if (err && err.status === 0 && !type) return t('login_offline');
  if (err instanceof TypeError) return t('login_offline');
  return `${t('err_passkey')} ${(err && err.message) || err}`;
}

function devForm(ctx) {
  const input = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false' });
  const error = h('p', { class: 'error', role: 'alert' });
  return h('form', { class: 'card narrow dev-login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await devLogin(input.value.trim());
      await ctx.loggedIn();
    } catch (err) {
      error.textContent = err.status ? `${t('login_failed')} ${err.message}` : t('login_offline');
    }
  } },
  h('h2', {}, t('login_dev_title')), h('p', {}, t('login_intro')),
  field(t('username'), input), error,
  h('button', { type: 'submit', class: 'btn btn-block' }, t('login_button')));
}
