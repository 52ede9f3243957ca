// Boot: open the vault and the store, start the service worker bridge and sync, route to screens.
import { openDB } from './store/db.js';
import { unlockWith } from './vault/keyring.js';
import { loadAll } from './store/records.js';
import { loadReference } from './store/reference.js';
import { checkSentinel, getUser } from './store/meta.js';
import { hasOpenForm } from './store/drafts.js';
import { SyncEngine } from './sync/engine.js';
import { startServiceWorker, applyUpdate, checkForUpdate } from './sw-bridge.js';
import { storageStatus } from './storage.js';
import { t, setLang, getLang } from './i18n.js';
import { h, mount, announce } from './ui.js';
import { renderChrome, showBanner } from './screens/chrome.js';
import * as login from './screens/login.js';
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
  [/^#\/sync$/, syncScreen], [/^#\/conflict\/([\w-]+)$/, conflict], [/^(#\/?)?$/, caseload],
];

const engine = new SyncEngine({ isVisible: () => document.visibilityState === 'visible' });
const ctx = { engine, storage: null, sentinel: null, updateAccepted: false, cleanup: null, screen: null,
  go: (hash) => { if (location.hash === hash) route(); else location.hash = hash; }, rerender: () => route(),
  formClosed: () => maybeApplyUpdate() };

async function route() {
  if (ctx.cleanup) { ctx.cleanup(); ctx.cleanup = null; }
  const main = document.getElementById('main');
  const user = await getUser();
  const hash = location.hash || '#/';
  if (!user && hash !== '#/login') { location.replace('#/login'); return; }
  for (const [pattern, screen] of ROUTES) {
    const match = hash.match(pattern);
    if (match) {
      ctx.screen = screen;
      mount(main);
      ctx.cleanup = (await screen.render(main, ctx, ...match.slice(1))) || null;
      main.focus({ preventScroll: false });
      window.scrollTo(0, 0);
      return;
    }
  }
  location.replace('#/');
}

function maybeApplyUpdate() {
  if (ctx.updateAccepted && !hasOpenForm()) applyUpdate();
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
  await unlockWith('device');
  // Independent reads in parallel: each IndexedDB transaction costs a round trip.
  [ctx.sentinel] = await Promise.all([checkSentinel(), loadAll(), loadReference(), engine.init()]);
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
  window.addEventListener('online', () => engine.run('online'));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') { engine.run('visible'); checkForUpdate(); }
  });
  setInterval(checkForUpdate, 30 * 60 * 1000);
  if (await getUser()) engine.run('start');
}

window.viktig = { ctx, checkForUpdate };
boot().catch((err) => {
  console.error(err);
  mount(document.getElementById('main'), h('p', { class: 'error', role: 'alert' }, t('boot_failed'), ' ', String(err)));
});
