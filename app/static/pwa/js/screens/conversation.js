// «Hva er viktig for deg?»: who took part, what matters, goals, agreed actions, next follow-up.
// The route names a pathway (a new conversation) or a conversation (correct it: a new version).
import { h, today, newId } from '../ui.js';
import { t } from '../i18n.js';
import { field } from './common.js';
import { runForm, listEditor, openForm } from './form.js';
import { openPocketCard } from './pocketcard.js';

export async function render(root, ctx, id) {
  const target = await openForm(root, 'conversation', id, t('conversation_title'));
  if (!target) return null;
  let used = new Set();
  let goalIds = [];
  const heldOn = h('input', { type: 'date', name: 'held_on', required: true });
  const participants = h('input', { type: 'text', name: 'participants' });
  const whatMatters = h('textarea', { name: 'what_matters', rows: 5 });
  const nextFollowUp = h('input', { type: 'date', name: 'next_follow_up' });
  const form = h('form', { class: 'card form', 'aria-labelledby': 'page-title' });
  const touch = () => form.dispatchEvent(new Event('input'));
  const goals = listEditor(t('goals'), [], t('add_goal'), touch, 'goals');
  const actions = listEditor(t('agreed_actions'), [], t('add_action'), touch, 'agreed_actions');
  const usedCount = h('span', { class: 'muted', 'aria-live': 'polite', 'data-path': 'prompts_used' });
  const showUsed = () => { usedCount.textContent = t('prompts_used_n', { n: used.size }); };
  form.append(
    h('div', { class: 'row' }, field(t('held_on'), heldOn),
      h('button', { type: 'button', class: 'btn', onclick: () => openPocketCard({ used,
        onChange: () => { showUsed(); touch(); } }) }, t('pocket_card')), usedCount),
    field(t('participants'), participants, t('participants_hint')),
    field(t('what_matters'), whatMatters, t('what_matters_hint')),
    goals.el, actions.el, field(t('next_follow_up'), nextFollowUp));
  root.append(form);
  const { entry } = target;
  return runForm(root, ctx, form, {
    entity: 'conversation',
    target,
    initial: () => (entry ? { ...entry } : { held_on: today(), participants: [], what_matters: '', goals: [],
      agreed_actions: [], prompts_used: [], next_follow_up: null }),
    fill(s) {
      heldOn.value = s.held_on || today();
      participants.value = (s.participants || []).join(', ');
      whatMatters.value = s.what_matters || '';
      goals.set((s.goals || []).map((g) => g.text));
      goalIds = (s.goals || []).map((g) => g.id);
      actions.set(s.agreed_actions || []);
      nextFollowUp.value = s.next_follow_up || '';
      used = new Set(s.prompts_used || []);
      showUsed();
    },
    read() {
      const texts = goals.read();
      goalIds = texts.map((_, i) => goalIds[i] || newId());
      return { held_on: heldOn.value, participants: participants.value.split(',').map((p) => p.trim()).filter(Boolean),
        what_matters: whatMatters.value.trim(), goals: texts.map((text, i) => ({ id: goalIds[i], text })),
        agreed_actions: actions.read(), prompts_used: [...used], next_follow_up: nextFollowUp.value || null };
    },
    validate: (s) => (!s.held_on ? t('error_date') : (!s.what_matters && !s.goals.length ? t('error_what_matters') : null)),
    data: (s) => s,
  });
}
