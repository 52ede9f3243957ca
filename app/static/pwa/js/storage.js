// Storage durability: persistence, quota, and whether iPadOS will keep our data (home-screen app only).
export function isIOS() {
  const ua = navigator.userAgent;
  return /iPad|iPhone|iPod/.test(ua) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
}

export const isStandalone = () => window.matchMedia('(display-mode: standalone)').matches
  || navigator.standalone === true;

// Capture is refused on iOS outside the installed app: Safari deletes a site's data after 7 days unused.
export const mustInstallFirst = () => isIOS() && !isStandalone();

export async function storageStatus() {
  const status = { persisted: null, usage: null, quota: null };
  if (navigator.storage?.persisted) {
    status.persisted = await navigator.storage.persisted();
    if (!status.persisted && navigator.storage.persist) status.persisted = await navigator.storage.persist();
  }
  if (navigator.storage?.estimate) Object.assign(status, await navigator.storage.estimate());
  return status;
}

export const isQuotaError = (err) => err && (err.name === 'QuotaExceededError'
  || (err.inner && err.inner.name === 'QuotaExceededError'));
