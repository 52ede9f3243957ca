// Leader/admin: create a user and show her one-time enrolment link, change a user's teams, role and
// whether she may log in, list and revoke passkeys and devices, and (admin) the patient's audit log «Hvem har sett journalen?» with CSV download. Needs the network.
import { h, mount, fmtTime } from '../ui.js';
import { t, getLang } from '../i18n.js';
import { pageHeader, field } from './common.js';
import { patients } from '../store/records.js';
import * as adminApi from '../admin-api.js';

const failText = (err) => (err && err.status ? `${t('request_failed')} ${err.message}` : t('needs_network'));
const when = (iso) => (iso ? fmtTime(iso, getLang()) : '');

export async function render(root, ctx) {
  const me = ctx.user;
  root.append(pageHeader(t('admin_title'), '#/'));
  if (!['leader', 'admin'].includes(me?.role)) { root.append(h('p', { class: 'card' }, t('admin_forbidden'))); return; }
  const error = h('p', { class: 'error', role: 'alert' });
  const usersBox = h('div', { 'aria-live': 'polite' });
  const linkBox = h('div', { 'aria-live': 'polite' });
  let teams = me.teams || [];
  try { teams = await adminApi.assignableTeams(); } catch (err) { error.textContent = failText(err); }
  root.append(error, newUserForm(me, teams, linkBox, error, () => drawUsers()), linkBox,
    h('section', { class: 'card', 'aria-labelledby': 'h-users' }, h('h2', { id: 'h-users' }, t('admin_title')), usersBox));
  if (me.role === 'admin') root.append(auditSection());

  async function drawUsers() {
    try {
      const users = await adminApi.listUsers();
      mount(usersBox, users.length ? users.map((u) => userRow(u, { me, teams, linkBox, error, redraw: drawUsers }))
        : h('p', {}, t('no_users')));
    } catch (err) { error.textContent = failText(err); }
  }
  await drawUsers();
}

function showLink(linkBox, invitation) {
  mount(linkBox, h('section', { class: 'card warn', 'data-testid': 'enrolment-link' },
    h('h2', {}, t('enrolment_link_title', { name: invitation.user.display_name })),
    h('p', {}, t('enrolment_link_hint', { h: invitation.valid_hours })),
    h('p', { class: 'link-box' }, invitation.enrolment_link)));
}

const teamBoxes = (teams, checked) => teams.map((team) => h('label', { class: 'check' },
  h('input', { type: 'checkbox', value: team.id, checked: checked(team) }), ` ${team.name}`));
const checkedTeams = (boxes) => boxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);

function newUserForm(me, assignable, linkBox, error, done) {
  const username = h('input', { type: 'text', name: 'username', required: true, autocapitalize: 'none',
    pattern: '[a-z0-9._\\-]{2,120}', spellcheck: 'false' });
  const name = h('input', { type: 'text', name: 'display_name', required: true });
  const roles = me.role === 'admin' ? ['nurse', 'leader', 'admin'] : ['nurse'];
  const role = h('select', { name: 'role' }, roles.map((r) => h('option', { value: r }, t(`role_${r}`))));
  const teams = teamBoxes(assignable, () => assignable.length === 1);
  return h('form', { class: 'card', 'aria-labelledby': 'h-new-user', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const invitation = await adminApi.createUser({ username: username.value.trim(), display_name: name.value.trim(),
        role: role.value, team_ids: checkedTeams(teams) });
      showLink(linkBox, invitation);
      e.target.reset();
      done();
    } catch (err) { error.textContent = failText(err); }
  } }, h('h2', { id: 'h-new-user' }, t('admin_new_user')),
  field(t('username'), username), field(t('display_name'), name), field(t('role'), role),
  teams.length ? h('fieldset', { class: 'field' }, h('legend', {}, t('teams')), teams) : null,
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('create_user')));
}

// Name, teams, role (admin) and «may log in»; a leader sees and changes only her own teams in the list.
function changeForm(user, { me, teams, error, redraw }) {
  const name = h('input', { type: 'text', name: 'display_name', required: true, value: user.display_name });
  const mine = new Set((user.teams || []).map((tm) => tm.id));
  const boxes = teamBoxes(teams, (team) => mine.has(team.id));
  const role = me.role === 'admin' && user.id !== me.id
    ? h('select', { name: 'role' }, ['nurse', 'leader', 'admin'].map((r) => h('option', { value: r, selected: r === user.role },
      t(`role_${r}`)))) : null;
  const active = h('input', { type: 'checkbox', name: 'active', checked: user.active, disabled: user.id === me.id });
  return h('form', { class: 'card form', 'data-testid': 'user-changes', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (user.active && !active.checked && !confirm(t('deactivate_confirm', { name: user.display_name }))) return;
    const body = { display_name: name.value.trim(), team_ids: checkedTeams(boxes), active: active.checked };
    if (role) body.role = role.value;
    try {
      await adminApi.updateUser(user.id, body);
      error.textContent = t('user_saved', { name: body.display_name });
      await redraw();
    } catch (err) { error.textContent = failText(err); }
  } }, field(t('display_name'), name),
  boxes.length ? h('fieldset', { class: 'field' }, h('legend', {}, t('teams')), boxes) : null,
  role ? field(t('role'), role) : null,
  h('label', { class: 'check' }, active, ` ${t('user_active')}`),
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('save')));
}

function userRow(user, context) {
  const { linkBox, error } = context;
  const details = h('div');
  const act = (fn) => async () => { error.textContent = ''; try { await fn(); } catch (err) { error.textContent = failText(err); } };
  async function drawDetails() {
    const [creds, devs] = await Promise.all([adminApi.credentials(user.id), adminApi.devices(user.id)]);
    mount(details,
      h('h4', {}, t('passkeys')), list(creds, (c) => [c.label || c.id.slice(0, 12),
        c.last_used_at ? t('last_used', { time: when(c.last_used_at) }) : t('never_used')], c => c.revoked_at,
      (c) => adminApi.revokeCredential(c.id)),
      h('h4', {}, t('devices')), list(devs, (d) => [d.label || d.id.slice(0, 12), t('last_used', { time: when(d.last_seen) }),
        d.last_outbox_size ? t('unsent_on_device', { n: d.last_outbox_size }) : ''], (d) => d.revoked_at,
      (d) => adminApi.revokeDevice(d.id)));
  }
  function list(items, describe, isRevoked, revoke) {
    if (!items.length) return h('p', { class: 'muted' }, t('none_yet'));
    return h('ul', {}, items.map((item) => h('li', {}, describe(item).filter(Boolean).join(' · '), ' ',
      isRevoked(item) ? h('span', { class: 'tag' }, t('revoked'))
        : h('button', { type: 'button', class: 'btn btn-quiet', onclick: act(async () => {
          if (!confirm(t('revoke_confirm', { name: describe(item)[0] }))) return;
          await revoke(item);
          await drawDetails();
        }) }, t('revoke')))));
  }
  return h('div', { class: 'admin-user', 'data-username': user.username },
    h('h3', {}, `${user.display_name} (${user.username})`),
    h('p', { class: 'muted' }, [t(`role_${user.role}`), (user.teams || []).map((tm) => tm.name).join(', '),
      `${t('passkeys')}: ${user.passkeys}`, user.active ? '' : t('user_inactive')].filter(Boolean).join(' · ')),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn', onclick: () => mount(details, changeForm(user, context)) }, t('user_change')),
      h('button', { type: 'button', class: 'btn', onclick: act(drawDetails) }, `${t('passkeys')} / ${t('devices')}`),
      h('button', { type: 'button', class: 'btn', onclick: act(async () => showLink(linkBox, await adminApi.newLink(user.id))) },
        t('new_link')),
      h('button', { type: 'button', class: 'btn', onclick: act(async () => {
        const { revoked } = await adminApi.revokeSessions(user.id);
        error.textContent = t('sessions_revoked', { n: revoked });
      }) }, t('sessions_revoke'))),
    details);
}

function auditSection() {
  const known = patients();
  const picker = known.length
    ? h('select', { name: 'patient' }, known.map((p) => h('option', { value: p.id }, `${p.family_name}, ${p.given_name}`)))
    : h('input', { type: 'text', name: 'patient' });
  const result = h('div', { 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  const show = async () => {
    error.textContent = '';
    try {
      const events = await adminApi.patientAudit(picker.value.trim());
      mount(result, events.length ? h('table', { class: 'admin-table', 'data-testid': 'audit-table' },
        h('thead', {}, h('tr', {}, [t('audit_when'), t('audit_who'), t('audit_what'), t('audit_device')]
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, events.map((ev) => h('tr', {},
          h('td', {}, when(ev.at)), h('td', {}, ev.display_name || ev.username || '–'),
          h('td', {}, `${t(`action_${ev.action}`)} – ${ev.entity}${ev.detail ? ` (${ev.detail})` : ''}`),
          h('td', {}, ev.device_id || '–')))))
        : h('p', {}, t('audit_empty')));
    } catch (err) { error.textContent = failText(err); }
  };
  const download = async () => {
    error.textContent = '';
    try {
      const blob = await adminApi.patientAuditCsv(picker.value.trim());
      const a = h('a', { href: URL.createObjectURL(blob), download: `audit-${picker.value.trim()}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (err) { error.textContent = failText(err); }
  };
  return h('section', { class: 'card', 'aria-labelledby': 'h-audit' },
    h('h2', { id: 'h-audit' }, t('audit_title')), h('p', {}, t('audit_intro')),
    field(known.length ? t('audit_patient') : t('audit_patient_id'), picker), error,
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn btn-primary', onclick: show }, t('audit_show')),
      h('button', { type: 'button', class: 'btn', onclick: download }, t('audit_csv'))),
    result);
}
