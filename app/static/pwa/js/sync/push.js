// Push the outbox in batches below the server limits; apply each per-mutation answer (docs/sync.md).
import { api } from './http.js';
import * as outbox from '../store/outbox.js';
import { putRecords } from '../store/records.js';
import { getDeviceId } from '../store/meta.js';

export const MAX_COUNT = 100;
export const MAX_BYTES = 900 * 1024; // below the 1 MiB limit, room for the envelope

export function batches(mutations, maxCount = MAX_COUNT, maxBytes = MAX_BYTES) {
  const out = [];
  let current = [];
  let bytes = 0;
  for (const m of mutations) {
    const size = new TextEncoder().encode(JSON.stringify(m)).length + 1;
    if (current.length && (current.length >= maxCount || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

// onProgress(sent, total). Returns {sent, total, problems}. Throws on a whole-request failure
// (nothing is deleted then; the caller backs off).
export async function push(onProgress = () => {}) {
  const entries = (await outbox.list()).filter((e) => e.status === 'pending');
  const byId = new Map(entries.map((e) => [e.id, e]));
  const total = entries.length;
  let sent = 0;
  let problems = 0;
  onProgress(0, total);
  for (const batch of batches(entries.map((e) => e.mutation))) {
    const size = (await outbox.counts()).total;
    const answer = await api('/sync/push', { method: 'POST',
      body: { device_id: await getDeviceId(), outbox_size: size, mutations: batch } });
    const done = [];
    const stored = [];
    for (const result of answer.results || []) {
      const entry = byId.get(result.id);
      if (!entry) continue;
      if (result.status === 'applied' || result.status === 'duplicate') {
        done.push(result.id);
        if (result.record) stored.push({ entity: entry.entity, record: result.record });
      } else {
        problems += 1;
        await outbox.markProblem(entry, result);
      }
    }
    // Store the server's record before dropping the mutation: a crash between the two keeps the entry.
    if (stored.length) await putRecords(stored);
    await outbox.removeMany(done);
    sent += done.length;
    onProgress(sent, total);
  }
  return { sent, total, problems };
}
