// JSON over fetch with the device id header; throws HttpError with the status for non-2xx answers.
import { getDeviceId } from '../store/meta.js';

export class HttpError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title || body.message)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = 'GET', body, timeout = 20000 } = {}) {
  const headers = { 'X-Device-Id': await getDeviceId(), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method, headers, cache: 'no-store', credentials: 'same-origin',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    signal: AbortSignal.timeout(timeout),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text.slice(0, 200) }; }
  if (!response.ok) throw new HttpError(response.status, data);
  return data;
}
