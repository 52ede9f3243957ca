// String catalogs: bokmål by default, nynorsk and English on request. t('key', {n: 3}) fills {n}.
import nb from './i18n/nb.js';
import nn from './i18n/nn.js';
import en from './i18n/en.js';
import extraNb from './i18n/extra-nb.js';
import extraNn from './i18n/extra-nn.js';
import extraEn from './i18n/extra-en.js';

// The extra-* catalogs hold the strings of correcting and resolving entries (kept apart to edit in parallel).
const CATALOGS = { nb: { ...nb, ...extraNb }, nn: { ...nn, ...extraNn }, en: { ...en, ...extraEn } };
let lang = localStorage.getItem('viktig.lang') || 'nb';
if (!CATALOGS[lang]) lang = 'nb';

export const LANGS = [['nb', 'Bokmål'], ['nn', 'Nynorsk'], ['en', 'English']];
export const getLang = () => lang;
export function setLang(value) {
  lang = CATALOGS[value] ? value : 'nb';
  localStorage.setItem('viktig.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : lang;
}

export function t(key, vars = {}) {
  const text = CATALOGS[lang][key] ?? CATALOGS.nb[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? `{${name}}`));
}

// Content from the server carries {nb, nn, en}; pick ours.
export const pick = (texts) => (texts ? texts[lang] ?? texts.nb ?? '' : '');
