// The admin endpoints (docs/security.md «Admin endpoints») for the leader/admin screen; online only.
import { api, HttpError } from './sync/http.js';
import { getDeviceId } from './store/meta.js';

export const listUsers = () => api('/admin/users');
export const assignableTeams = () => api('/admin/teams');
export const updateUser = (userId, body) => api(`/admin/users/${userId}`, { method: 'PATCH', body });
export const createUser = (body) => api('/admin/users', { method: 'POST', body });
export const newLink = (userId) => api(`/admin/users/${userId}/enrolment-link`, { method: 'POST', body: {} });
export const credentials = (userId) => api(`/admin/users/${userId}/credentials`);
export const devices = (userId) => api(`/admin/users/${userId}/devices`);
export const revokeCredential = (id) => api(`/admin/credentials/${encodeURIComponent(id)}/revoke`, { method: 'POST', body: {} });
export const revokeDevice = (id) => api(`/admin/devices/${encodeURIComponent(id)}/revoke`, { method: 'POST', body: {} });
export const revokeSessions = (userId) => api(`/admin/users/${userId}/sessions/revoke`, { method: 'POST', body: {} });
export const patientAudit = (patientId) => api(`/admin/patients/${patientId}/audit`);

// The CSV as a Blob (fetched with the device id, so the export is audited against this tablet).
export async function patientAuditCsv(patientId) {
  const response = await fetch(`/api/v1/admin/patients/${patientId}/audit.csv`, {
    headers: { 'X-Device-Id': await getDeviceId() }, credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new HttpError(response.status, await response.json().catch(() => null));
  return response.blob();
}
