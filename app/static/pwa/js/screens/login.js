// Login. Development login by user name for now; the passkey login will replace this file.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { field } from './common.js';
import { devLogin } from '../session.js';

export async function render(root, ctx) {
  const input = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card narrow', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await devLogin(input.value.trim());
      ctx.go('#/');
      await ctx.engine.run('manual');
    } catch (err) {
      error.textContent = err.status ? `${t('login_failed')} ${err.message}` : t('login_offline');
    }
  } },
  h('h1', {}, t('login_title')), h('p', {}, t('login_intro')),
  field(t('username'), input), error,
  h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login_button')));
  root.append(form);
  input.focus();
}
