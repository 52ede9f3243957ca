// Idle lock: after the chosen minutes without a touch, key press or scroll the app locks itself.
// The setting is a device preference (not patient data), kept in localStorage.
const KEY = 'viktig.idle_minutes';
export const DEFAULT_MINUTES = 5;
export const CHOICES = [1, 2, 5, 10, 15, 30];
const EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'];

export function getIdleMinutes() {
  const value = Number(localStorage.getItem(KEY));
  return value > 0 ? value : DEFAULT_MINUTES;
}
export const setIdleMinutes = (minutes) => localStorage.setItem(KEY, String(minutes));

let last = Date.now();
export const touch = () => { last = Date.now(); };

// Checks on a short timer rather than one long timeout: background tabs throttle timers, and the
// setting may change while the app runs. onIdle is called once per idle period.
export function startIdleLock(onIdle) {
  EVENTS.forEach((name) => document.addEventListener(name, touch, { capture: true, passive: true }));
  const tick = () => {
    const limit = getIdleMinutes() * 60000;
    if (Date.now() - last >= limit) { touch(); onIdle(); }
    setTimeout(tick, Math.max(250, Math.min(10000, limit / 4)));
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && Date.now() - last >= getIdleMinutes() * 60000) { touch(); onIdle(); }
  });
  tick();
}
