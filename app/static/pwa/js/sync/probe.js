// Online means the server answered a no-cache GET /api/v1/ping within 5 s; navigator.onLine lies.
export async function isOnline(timeout = 5000) {
  try {
    const response = await fetch('/api/v1/ping', { cache: 'no-store', signal: AbortSignal.timeout(timeout) });
    return response.ok;
  } catch {
    return false;
  }
}
