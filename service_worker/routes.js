// Request → strategy, pure (no caches, no fetch): tested on its own in tests/service_worker/.
function strategyFor(request, scopeOrigin) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scopeOrigin) return 'network';
  // Caseload data lives encrypted in IndexedDB; an HTTP cache of the API would be a plaintext copy.
  if (url.pathname.startsWith('/api/')) return 'network';
  if (request.mode === 'navigate') return 'shell';
  if (url.pathname.startsWith('/static/') || url.pathname === '/manifest.webmanifest') return 'cache-first';
  return 'network';
}
if (typeof module !== 'undefined') module.exports = { strategyFor };
