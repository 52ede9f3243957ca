// Pieces the screens share: page header with back link, labelled fields, the iPad install gate, asking first.
import { h } from '../ui.js';
import { t } from '../i18n.js';
import { getRecord } from '../store/records.js';
import { mustInstallFirst, isQuotaError } from '../storage.js';

export function pageHeader(title, backHash, backText) {
  return h('div', { class: 'page-head' },
    backHash ? h('a', { class: 'back', href: backHash }, '‹ ', backText || t('back')) : null,
    h('h1', { id: 'page-title' }, title));
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null, control);
}

export function patientLabel(pathway) {
  const patient = pathway && getRecord(pathway.patient_id);
  return patient ? `${patient.given_name} ${patient.family_name}` : '';
}

export const unsentBadge = (record) => (record?.unsent
  ? h('span', { class: 'badge badge-unsent', 'data-unsent': 'true' }, t('unsent')) : null);

// On iPadOS outside the home-screen app Safari may delete everything after 7 days: guide first.
export function installGate() {
  if (!mustInstallFirst()) return null;
  return h('section', { class: 'card warn', role: 'alert' },
    h('h2', {}, t('install_title')), h('p', {}, t('install_why')),
    h('ol', {}, h('li', {}, t('install_step1')), h('li', {}, t('install_step2')), h('li', {}, t('install_step3'))));
}

export function saveErrorText(err) {
  return isQuotaError(err) ? t('error_quota') : `${t('error_save')} ${err.message || err}`;
}

export function missing(root, backHash) {
  root.append(pageHeader(t('not_found'), backHash || '#/'), h('p', {}, t('not_found_text')));
}

// Ask before what cannot be undone. Resolves true only for `yesText`; «Avbryt» has the focus and Escape
// answers no.
export function confirmDialog(question, yesText) {
  const dialog = h('dialog', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-question' },
    h('p', { id: 'confirm-question' }, question),
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-danger', onclick: () => dialog.close('yes') }, yesText),
      h('button', { type: 'button', class: 'btn', autofocus: true, onclick: () => dialog.close('no') }, t('cancel'))));
  document.body.append(dialog);
  const answer = new Promise((resolve) => dialog.addEventListener('close', () => {
    dialog.remove();
    resolve(dialog.returnValue === 'yes');
  }));
  dialog.showModal();
  return answer;
}
