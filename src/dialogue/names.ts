// Category and item names typed as free text ("lamb mandi", "شيش طاووق", "2 burger", "برجر ٢"):
// matched in either language after normalisation, with small typos tolerated.
import { distance } from 'fastest-levenshtein';
import { availableItems, visibleCategories } from './menu';
import { tokens } from './parse';
import type { Menu } from './types';

/** What a typed name chose: one option (`cat_…` or `item_…`), or several equally good ones. */
export interface NameMatch {
  ids: string[];
  /** The whole message was a name exactly (after normalisation), so it beats a keyword. */
  exact: boolean;
  /** "2 burger": the quantity typed with an item's name. */
  quantity?: number;
}

interface Named {
  id: string;
  words: string[][];
}

/** Words that carry no name: "I want a shawarma please", "ابي شاورما لو سمحت". */
const FILLER = new Set(
  [
    'x',
    'i',
    'want',
    'would',
    'like',
    'to',
    'please',
    'pls',
    'a',
    'an',
    'the',
    'some',
    'give',
    'me',
    'can',
    'have',
    'get',
    'order',
    'ابي',
    'ابغي',
    'ابغا',
    'اريد',
    'بدي',
    'ودي',
    'عطني',
    'ممكن',
    'لو',
    'سمحت',
    'من',
    'فضلك',
    'بليز',
    'طلب',
    'اطلب',
  ].flatMap((w) => tokens(w)),
);

/** Arabic's definite article is part of the word: "الشاورما" is "شاورما". */
function stem(word: string): string {
  return word.startsWith('ال') && word.length > 4 ? word.slice(2) : word;
}

function words(text: string): string[] {
  return tokens(text)
    .map(stem)
    .filter((w) => !FILLER.has(w));
}

/** Typos allowed in a word of this length; numbers and short words must be exact. */
function allowedTypos(word: string): number {
  if (/\d/.test(word) || word.length <= 3) return 0;
  return word.length <= 5 ? 1 : 2;
}

function close(typed: string, name: string): boolean {
  const allowed = Math.min(allowedTypos(typed), allowedTypos(name));
  return typed === name || (allowed > 0 && distance(typed, name) <= allowed);
}

/** How well typed words fit a name, best first: 0 exact, 1 some of its words, 2 the whole name
 * with typos, 3 some of its words with typos; undefined when they do not fit. */
function fit(typed: string[], name: string[]): number | undefined {
  if (typed.join(' ') === name.join(' ')) return 0;
  if (typed.every((w) => name.includes(w))) return 1;
  if (close(typed.join(''), name.join(''))) return 2;
  if (typed.length === name.length && typed.every((w, i) => close(w, name[i]!))) return 2;
  if (typed.every((w) => name.some((n) => close(w, n)))) return 3;
  return undefined;
}

/** A menu's names as words, worked out once per menu object (the workflow keeps its menu until it
 * changes): [categories and items, items only]. */
const CANDIDATES = new WeakMap<Menu, [Named[], Named[]]>();

function candidates(menu: Menu, itemsOnly: boolean): Named[] {
  let cached = CANDIDATES.get(menu);
  if (!cached) {
    const all = namedIn(menu);
    cached = [all, all.filter((n) => n.id.startsWith('item_'))];
    CANDIDATES.set(menu, cached);
  }
  return cached[itemsOnly ? 1 : 0];
}

function namedIn(menu: Menu): Named[] {
  const named: Named[] = [];
  for (const category of visibleCategories(menu)) {
    named.push({ id: `cat_${category.id}`, words: [words(category.nameAr), words(category.nameEn)] });
    for (const item of availableItems(category)) named.push({ id: `item_${item.id}`, words: [words(item.nameAr), words(item.nameEn)] });
  }
  return named;
}

function best(typed: string[], named: Named[]): { ids: string[]; score: number } | undefined {
  if (typed.length === 0) return undefined;
  let result: { ids: string[]; score: number } | undefined;
  for (const n of named) {
    const scores = n.words.map((w) => (w.length > 0 ? fit(typed, w) : undefined)).filter((s) => s !== undefined);
    if (scores.length === 0) continue;
    const score = Math.min(...scores);
    if (!result || score < result.score) result = { ids: [n.id], score };
    else if (score === result.score) result.ids.push(n.id);
  }
  return result;
}

/** "2 burger", "burger x2", "برجر ٢": a quantity before or after the name. */
function withQuantity(text: string): { quantity: number; name: string } | undefined {
  const all = tokens(text);
  const first = all[0] ?? '';
  const last = all[all.length - 1] ?? '';
  const leading = /^(\d{1,3})x?$/.exec(first);
  if (leading && all.length > 1) return { quantity: Number(leading[1]), name: all.slice(1).join(' ') };
  const trailing = /^x?(\d{1,3})$/.exec(last);
  if (trailing && all.length > 1) return { quantity: Number(trailing[1]), name: all.slice(0, -1).join(' ') };
  return undefined;
}

/** The menu's categories and available items that a typed message names, if any. */
export function matchName(text: string, menu: Menu): NameMatch | undefined {
  const whole = best(words(text), candidates(menu, false));
  if (whole && whole.score === 0) return { ids: whole.ids, exact: true };
  const counted = withQuantity(text);
  const named = counted ? best(words(counted.name), candidates(menu, true)) : undefined;
  if (counted && named && (!whole || named.score <= whole.score)) {
    return { ids: named.ids, exact: named.score === 0, quantity: counted.quantity };
  }
  return whole ? { ids: whole.ids, exact: false } : undefined;
}

/** How an option's name fits what was typed: stricter than menu names, so "no onions" is not
 * "Onions" — every typed word must be one of the name's, or the name word for word with typos. */
function optionFit(typed: string[], name: string[]): number | undefined {
  if (typed.length === 0 || name.length === 0) return undefined;
  if (typed.join(' ') === name.join(' ')) return 0;
  if (typed.every((w) => name.includes(w))) return 1;
  if (typed.length === name.length && typed.every((w, i) => close(w, name[i]!))) return 2;
  return undefined;
}

/** The one offered option a typed name means (either language), if exactly one fits best. */
export function matchOption(text: string, options: { id: string; nameAr: string; nameEn: string }[]): string | undefined {
  const typed = words(text);
  let best: { ids: string[]; score: number } | undefined;
  for (const option of options) {
    const scores = [option.nameAr, option.nameEn].map((n) => optionFit(typed, words(n))).filter((s) => s !== undefined);
    if (scores.length === 0) continue;
    const score = Math.min(...scores);
    if (!best || score < best.score) best = { ids: [option.id], score };
    else if (score === best.score) best.ids.push(option.id);
  }
  return best?.ids.length === 1 ? best.ids[0] : undefined;
}
