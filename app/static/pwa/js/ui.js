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
// Formatters are cached: toLocaleString builds a new Intl formatter per call, slow for 300 rows.
const formatters = new Map();
function formatter(kind, lang, options) {
  const key = `${kind}:${lang}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nb-NO', options));
  return formatters.get(key);
}
export function fmtDate(iso, lang = 'nb') {
  if (!iso) return '';
  return formatter('date', lang, { day: 'numeric', month: 'short', year: 'numeric' })
    .format(new Date(`${iso.slice(0, 10)}T12:00:00`));
}
export function fmtTime(iso, lang = 'nb') {
  if (!iso) return '';
  return formatter('time', lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso));
}

export function announce(text) {
  const live = document.getElementById('live');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 50); }
}

export const newId = () => crypto.randomUUID();
export const fmtNumber = (n, lang = 'nb') => (n == null ? '–' : n.toLocaleString(lang === 'en' ? 'en-GB' : 'nb-NO',
  { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
