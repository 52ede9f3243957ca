// Boot: open the vault and the store, start the service worker bridge and sync, route to screens.
import { openDB } from './store/db.js';
import { isUnlocked, lock, storedMethod, unlockWith } from './vault/keyring.js';
import { loadAll, clearMemory } from './store/records.js';
import { loadReference } from './store/reference.js';
import { checkSentinel, getUser } from './store/meta.js';
import { hasOpenForm } from './store/drafts.js';
import { SyncEngine } from './sync/engine.js';
import { startServiceWorker, applyUpdate, checkForUpdate } from './sw-bridge.js';
import { storageStatus } from './storage.js';
import { t, setLang, getLang } from './i18n.js';
import { h, mount, announce } from './ui.js';
import { renderChrome, showBanner } from './screens/chrome.js';
import { startIdleLock, touch as idleTouch, getIdleMinutes } from './idle.js';
import * as login from './screens/login.js';
import * as enrol from './screens/enrol.js';
import * as lockScreen from './screens/lock.js';
import * as settings from './screens/settings.js';
import * as admin from './screens/admin.js';
import * as caseload from './screens/caseload.js';
import * as patient from './screens/patient.js';
import * as conversation from './screens/conversation.js';
import * as psfs from './screens/psfs.js';
import * as checklist from './screens/checklist.js';
import * as cfs from './screens/cfs.js';
import * as syncScreen from './screens/sync.js';
import * as conflict from './screens/conflict.js';

const ROUTES = [
  [/^#\/login$/, login], [/^#\/patient\/([\w-]+)$/, patient], [/^#\/conversation\/([\w-]+)$/, conversation],
  [/^#\/psfs\/([\w-]+)$/, psfs], [/^#\/checklist\/([\w-]+)$/, checklist], [/^#\/cfs\/([\w-]+)$/, cfs],
  [/^#\/sync$/, syncScreen], [/^#\/conflict\/([\w-]+)$/, conflict], [/^#\/settings$/, settings],
  [/^#\/admin$/, admin], [/^(#\/?)?$/, caseload],
];
const ENROL = /^#\/enrol\/([\w-]+)$/;

const engine = new SyncEngine({ isVisible: () => document.visibilityState === 'visible' });
const ctx = { engine, storage: null, sentinel: null, updateAccepted: false, cleanup: null, screen: null,
  go: (hash) => { if (location.hash === hash) route(); else location.hash = hash; }, rerender: () => route(),
  formClosed: () => maybeApplyUpdate(), user: null,
  // The keys were opened (lock screen): decrypt into memory, then back to where the nurse was.
  unlocked: async () => { idleTouch(); await loadAll(); renderChrome(ctx); await route(); engine.run('unlock'); },
  // A login ended: into the app (or to the lock screen when this device's keys need another unlock).
  loggedIn: async () => {
    ctx.user = await getUser();
    if (isUnlocked()) { idleTouch(); await loadAll(); }
    renderChrome(ctx);
    if (location.hash === '#/') await route(); else location.hash = '#/';
    if (isUnlocked()) await engine.run('manual');
  },
  lockNow: (reason) => lockNow(reason) };

// Locking drops the keys and every decrypted record: the lock screen is all that is left in the page.
// A form's cleanup runs first, so its last keystrokes are sealed into the draft while the key is there.
async function lockNow(reason) {
  if (!isUnlocked() || (await storedMethod()) === null) return;
  if (ctx.cleanup) { ctx.cleanup(); ctx.cleanup = null; }
  lock();
  clearMemory();
  document.querySelectorAll('dialog').forEach((d) => d.remove());
  document.getElementById('live').textContent = reason === 'idle' ? t('locked_idle', { n: getIdleMinutes() }) : '';
  engine.current?.finally(() => { if (!isUnlocked()) clearMemory(); }); // a pull in flight may store more
  renderChrome(ctx);
  await route();
}

async function route() {
  if (ctx.cleanup) { ctx.cleanup(); ctx.cleanup = null; }
  const main = document.getElementById('main');
  const user = ctx.user = await getUser();
  const hash = location.hash || '#/';
  const enrolMatch = hash.match(ENROL);
  if (enrolMatch) return show(main, enrol, enrolMatch.slice(1));
  if (!user && hash !== '#/login') { location.replace('#/login'); return; }
  if (!user) return show(main, login, []);
  // Logged in but locked: whatever the address, only the lock screen (it keeps the hash to return to).
  if (!isUnlocked()) return show(main, lockScreen, []);
  for (const [pattern, screen] of ROUTES) {
    const match = hash.match(pattern);
    if (match) return show(main, screen, match.slice(1));
  }
  location.replace('#/');
}

// Each screen draws into a view of its own. Two routes can overlap (a sync ending during a navigation
// redraws the list being left); one superseded while it was still loading draws into a detached view,
// and its cleanup runs at once.
let shownView = null;
async function show(main, screen, args) {
  ctx.screen = screen;
  const view = shownView = h('div', { class: 'view' });
  mount(main, view);
  const cleanup = (await screen.render(view, ctx, ...args)) || null;
  if (shownView !== view) { cleanup?.(); return; }
  ctx.cleanup = cleanup;
  main.focus({ preventScroll: false });
  window.scrollTo(0, 0);
}

// True when the release is being applied now (the page reloads on controllerchange).
function maybeApplyUpdate() {
  return ctx.updateAccepted && !hasOpenForm() && applyUpdate();
}

function onUpdateReady() {
  showBanner('update', t('update_ready'), t('update_apply'), () => {
    ctx.updateAccepted = true;
    if (hasOpenForm()) announce(t('update_after_form'));
    maybeApplyUpdate();
  });
}

async function boot() {
  setLang(getLang());
  await openDB();
  // Only the development login's keys open by themselves; passkey- or PIN-sealed keys wait for the nurse.
  const [user, method] = await Promise.all([getUser(), storedMethod()]);
  ctx.user = user;
  if (user && method === 'device') await unlockWith('device');
  // Independent reads in parallel: each IndexedDB transaction costs a round trip.
  [ctx.sentinel] = await Promise.all([checkSentinel(), isUnlocked() ? loadAll() : null, loadReference(), engine.init()]);
  renderChrome(ctx);
  if (ctx.sentinel === 'evicted') showBanner('evicted', t('storage_evicted'));
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
  performance.mark('viktig-ready');
  startServiceWorker({ onUpdateReady }).catch((err) => console.warn('service worker', err));
  storageStatus().then((s) => { ctx.storage = s; renderChrome(ctx); });
  let wasRunning = false;
  engine.addEventListener('change', ({ detail }) => {
    renderChrome(ctx);
    // New data arrived: redraw lists, never a form in progress.
    if (wasRunning && !detail.running && ctx.screen?.refreshOnSync && !hasOpenForm()) route();
    wasRunning = detail.running;
  });
  engine.addEventListener('revoked', async () => {
    const { logoutAndWipe } = await import('./session.js');
    await logoutAndWipe();
    location.replace('/#/login');
    location.reload();
  });
  startIdleLock(() => lockNow('idle'));
  window.addEventListener('online', () => engine.run('online'));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') { engine.run('visible'); checkForUpdate(); }
  });
  setInterval(checkForUpdate, 30 * 60 * 1000);
  if (await getUser()) engine.run('start');
}

// Sync reads and writes sealed data: while locked it waits (the unlock starts it again).
const runSync = engine.run.bind(engine);
engine.run = (reason) => (isUnlocked() ? runSync(reason) : Promise.resolve(engine.state));

window.viktig = { ctx, checkForUpdate };
function bootFailed(err) {
  console.error(err);
  mount(document.getElementById('main'), h('p', { class: 'error', role: 'alert' }, t('boot_failed'), ' ', String(err)));
}
boot().catch(bootFailed);
