// Reference content kept for offline use: checklist template, PSFS rules, CFS levels, pocket cards.
// Not patient data, so stored plainly; fetched by the sync engine, read by screens.
import { getMeta, setMeta } from './meta.js';

let content = null;
const cards = {};

export async function loadReference() {
  const langs = ['nb', 'nn', 'en'];
  const [stored, ...sets] = await Promise.all([getMeta('content'), ...langs.map((l) => getMeta(`pocket_card_${l}`))]);
  content = stored || null;
  langs.forEach((lang, i) => { cards[lang] = sets[i] || null; });
}

export async function saveContent(value) { content = value; await setMeta('content', value); }
export async function savePocketCard(lang, value) { cards[lang] = value; await setMeta(`pocket_card_${lang}`, value); }

export const getContent = () => content;
export const getPocketCard = (lang) => cards[lang] || cards.nb;
