// The pocket card (lommekort) as a dialog over any screen: mark prompts used, or show them in large text.
import { h } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { getPocketCard } from '../store/reference.js';

export function openPocketCard({ used = new Set(), onChange = () => {} } = {}) {
  const card = getPocketCard(getLang());
  const dialog = h('dialog', { class: 'pocket-card', 'aria-labelledby': 'pc-title' });
  const large = h('button', { type: 'button', class: 'btn', 'aria-pressed': 'false', onclick: () => {
    const on = dialog.classList.toggle('large');
    large.setAttribute('aria-pressed', String(on));
  } }, t('large_text'));
  const groups = (card?.groups || []).map((group) => h('section', {},
    h('h3', {}, group.title),
    h('ul', { class: 'prompts' }, group.prompts.map((p) => {
      const btn = h('button', { type: 'button', class: 'prompt', 'aria-pressed': String(used.has(p.key)),
        'data-prompt': p.key, onclick: () => {
          if (used.has(p.key)) used.delete(p.key); else used.add(p.key);
          btn.setAttribute('aria-pressed', String(used.has(p.key)));
          onChange(used);
        } }, h('span', { class: 'prompt-text' }, p.text), h('span', { class: 'prompt-mark' }, t('prompt_used')));
      return h('li', {}, btn);
    }))));
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', { id: 'pc-title' }, t('pocket_card')), large,
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => dialog.close() }, t('close'))),
    h('p', { class: 'muted' }, t('pocket_card_hint')),
    ...(card ? groups : [h('p', {}, t('pocket_card_missing'))]));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
