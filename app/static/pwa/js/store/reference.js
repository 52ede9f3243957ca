// Reference content kept for offline use: checklist template, PSFS rules, CFS levels, pocket cards.
// Not patient data, so stored plainly; fetched by the sync engine, read by screens.
import { getMeta, setMeta } from './meta.js';

let content = null;
const cards = {};

export async function loadReference() {
  content = (await getMeta('content')) || null;
  for (const lang of ['nb', 'nn', 'en']) cards[lang] = (await getMeta(`pocket_card_${lang}`)) || null;
}

export async function saveContent(value) { content = value; await setMeta('content', value); }
export async function savePocketCard(lang, value) { cards[lang] = value; await setMeta(`pocket_card_${lang}`, value); }

export const getContent = () => content;
export const getPocketCard = (lang) => cards[lang] || cards.nb;
