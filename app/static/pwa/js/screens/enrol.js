// Enrolment from the one-time link #/enrol/<token>: create the passkey, then log in with it at once.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { field } from './common.js';
import { enrolPasskey, passkeyLogin } from '../session.js';
import { isSupported } from '../auth/webauthn.js';
import { afterPasskeyLogin, ceremonyMessage } from './login.js';

export async function render(root, ctx, token) {
  const label = h('input', { type: 'text', name: 'label', autocomplete: 'off', maxlength: '80' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'enrol-error' });
  let enrolled = false; // the link works once: after a cancelled login, only log in again
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block btn-big' }, t('enrol_button'));
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'page-title', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = t('passkey_waiting');
    button.disabled = true;
    try {
      if (!enrolled) await enrolPasskey(token, label.value.trim());
      enrolled = true;
      error.textContent = t('enrol_done');
      const result = await passkeyLogin();
      history.replaceState(null, '', '#/'); // the spent token leaves the address bar and history
      await afterPasskeyLogin(root, ctx, result);
    } catch (err) {
      error.textContent = ceremonyMessage(err);
      button.disabled = false;
    }
  } }, h('h1', { id: 'page-title' }, t('enrol_title')), h('p', {}, t('enrol_intro')),
  field(t('enrol_label'), label), error,
  isSupported() ? button : h('p', { class: 'error' }, t('err_no_webauthn')));
  root.append(form);
}
