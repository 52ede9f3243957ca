// Page side of the service worker: register, notice a waiting release, apply it only when the nurse
// accepts and no form is open, then reload once on controllerchange.
let registration = null;
let accepted = false;

export async function startServiceWorker({ onUpdateReady }) {
  if (!('serviceWorker' in navigator)) return null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) window.location.reload(); // first install also changes controller: no reload then
  });
  registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  const watch = (worker) => worker.addEventListener('statechange', () => {
    if (worker.state === 'installed' && navigator.serviceWorker.controller) onUpdateReady();
  });
  if (registration.waiting && navigator.serviceWorker.controller) onUpdateReady();
  if (registration.installing) watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  return registration;
}

export function checkForUpdate() {
  return registration ? registration.update().catch(() => null) : Promise.resolve(null);
}

export function applyUpdate() {
  if (!registration || !registration.waiting) return false;
  accepted = true;
  registration.waiting.postMessage({ type: 'SKIP_WAITING' });
  return true;
}
