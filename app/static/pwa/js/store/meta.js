// Small plaintext settings: device id, sync cursor, last sync, the logged-in user, language, sentinel.
import { get, put, del } from './db.js';

export const getMeta = (key) => get('meta', key);
export const setMeta = (key, value) => put('meta', value, key);
export const delMeta = (key) => del('meta', key);

let deviceId = null;
export async function getDeviceId() {
  if (deviceId) return deviceId;
  deviceId = await getMeta('device_id');
  if (!deviceId) {
    deviceId = crypto.randomUUID();
    await setMeta('device_id', deviceId);
  }
  return deviceId;
}

export const getUser = () => getMeta('user');

// The sentinel tells "first start" from "the browser deleted our data": localStorage remembers that
// a sentinel was written; if IndexedDB lost it, storage was evicted.
export async function checkSentinel() {
  const had = localStorage.getItem('viktig.sentinel');
  const sentinel = await getMeta('sentinel');
  if (sentinel) return 'ok';
  const created = new Date().toISOString();
  await setMeta('sentinel', { created });
  localStorage.setItem('viktig.sentinel', created);
  return had ? 'evicted' : 'new';
}
