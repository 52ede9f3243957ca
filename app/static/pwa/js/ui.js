// Tiny DOM helpers: build elements without innerHTML (no injection), format dates, announce changes.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function mount(root, ...children) { root.replaceChildren(...children.flat().filter((c) => c != null && c !== false)); }

export const today = () => localDate(new Date());
export function localDate(d) {
  const off = d.getTimezoneOffset() * 60000;
  return new Date(d.getTime() - off).toISOString().slice(0, 10);
}
export function addDays(iso, days) {
  const d = new Date(`${iso}T12:00:00`);
  d.setDate(d.getDate() + days);
  return localDate(d);
}
export function fmtDate(iso, lang = 'nb') {
  if (!iso) return '';
  return new Date(`${iso.slice(0, 10)}T12:00:00`).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nb-NO',
    { day: 'numeric', month: 'short', year: 'numeric' });
}
export function fmtTime(iso, lang = 'nb') {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'nb-NO',
    { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function announce(text) {
  const live = document.getElementById('live');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 50); }
}

export const newId = () => crypto.randomUUID();
export const fmtNumber = (n, lang = 'nb') => (n == null ? '–' : n.toLocaleString(lang === 'en' ? 'en-GB' : 'nb-NO',
  { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
