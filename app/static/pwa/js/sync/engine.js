// Runs a sync (probe → push → pull → reference content) once at a time, and schedules the next one:
// a steady timer while online, exponential back-off after a failure. Emits 'change' with its state.
import { isOnline } from './probe.js';
import { push } from './push.js';
import { pull } from './pull.js';
import { api, HttpError } from './http.js';
import { Backoff } from './backoff.js';
import { counts } from '../store/outbox.js';
import { getMeta, setMeta } from '../store/meta.js';
import { saveContent, savePocketCard } from '../store/reference.js';

const STEADY_MS = 60000;
const CONTENT_MAX_AGE_MS = 6 * 3600 * 1000;

export class SyncEngine extends EventTarget {
  constructor({ isVisible = () => true } = {}) {
    super();
    this.isVisible = isVisible;
    this.state = { online: null, running: false, sent: 0, total: 0, lastSync: null, error: null,
      summary: null, counts: { pending: 0, conflict: 0, rejected: 0, total: 0 }, needsLogin: false };
    this.backoff = new Backoff();
    this.timer = null;
    this.current = null;
    this.held = null;
  }

  async init() {
    const [lastSync, c] = await Promise.all([getMeta('last_sync'), counts()]);
    Object.assign(this.state, { lastSync, counts: c });
  }

  set(patch) {
    Object.assign(this.state, patch);
    this.dispatchEvent(new CustomEvent('change', { detail: this.state }));
  }

  async refreshCounts() { this.set({ counts: await counts() }); }

  run(reason = 'timer') {
    if (!this.current) {
      this.current = (this.held || Promise.resolve()).then(() => this.#run(reason))
        .finally(() => { this.current = null; });
    }
    return this.current;
  }

  // Run fn while no sync is under way, and let none start until it is done: an unsent outbox entry the
  // nurse replaces must not be on its way to the server meanwhile.
  async exclusive(fn) {
    while (this.current || this.held) await (this.current || this.held);
    let release;
    this.held = new Promise((resolve) => { release = resolve; });
    try {
      return await fn();
    } finally {
      this.held = null;
      release();
    }
  }

  async #run(reason) {
    clearTimeout(this.timer);
    this.set({ running: true, error: null });
    try {
      if (!(await isOnline())) {
        this.set({ online: false, running: false });
        this.schedule(30000);
        return this.state;
      }
      this.set({ online: true });
      await this.#refreshReference(reason === 'manual' || reason === 'start');
      const result = await push((sent, total) => this.set({ sent, total }));
      await pull();
      const lastSync = new Date().toISOString();
      await setMeta('last_sync', lastSync);
      await this.refreshCounts();
      this.backoff.reset();
      this.set({ running: false, lastSync, needsLogin: false,
        summary: { ...result, left: this.state.counts.total } });
      this.schedule(STEADY_MS);
    } catch (err) {
      const needsLogin = err instanceof HttpError && err.status === 401;
      if (err instanceof HttpError && err.status === 403 && String(err.body?.type).endsWith('device-revoked')) {
        this.dispatchEvent(new CustomEvent('revoked'));
      }
      await this.refreshCounts();
      this.set({ running: false, error: err.message || String(err), needsLogin,
        online: err instanceof HttpError ? true : this.state.online });
      if (!needsLogin) this.schedule(this.backoff.next());
    }
    return this.state;
  }

  async #refreshReference(force) {
    const fetched = await getMeta('content_fetched');
    if (!force && fetched && Date.now() - fetched < CONTENT_MAX_AGE_MS) return;
    await saveContent(await api('/content'));
    for (const lang of ['nb', 'nn', 'en']) await savePocketCard(lang, await api(`/pocket-cards?lang=${lang}`));
    await setMeta('content_fetched', Date.now());
  }

  schedule(ms) {
    clearTimeout(this.timer);
    if (!this.isVisible()) return; // the page's visibilitychange handler restarts us
    this.timer = setTimeout(() => this.run('timer'), ms);
  }
}
