// Viktig service worker: precache the shell (PRECACHE/BUILD are injected by app/pwa.py), serve it offline,
// and wait for the page to say SKIP_WAITING so a release never interrupts a nurse's open form.
const CACHE = `viktig-shell-${BUILD}`;
const CACHE_PREFIX = 'viktig-shell-';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' bypasses the HTTP cache so the bytes match the hashes in PRECACHE.
    await Promise.all(Object.keys(PRECACHE).map(async (url) => {
      const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
      if (!response.ok) throw new Error(`precache ${url}: ${response.status}`);
      await cache.put(url, response);
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

async function shell(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match('/');
  if (cached) return cached;
  return fetch(request);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request, self.location.origin);
  if (strategy === 'shell') event.respondWith(shell(event.request));
  else if (strategy === 'cache-first') event.respondWith(cacheFirst(event.request));
  // 'network': not intercepted; the browser goes to the network as if there were no worker.
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data && event.data.type === 'GET_VERSION' && event.ports[0]) event.ports[0].postMessage(BUILD);
});
