// Turns what the customer sent into an option ID: a button payload or list ID, a typed option
// number (mapped through state.offered), an option's exact title, or a whole-word keyword.
import { KEYWORDS } from './keywords';
import type { Language, ReplyOption } from './types';

/** What a customer message means, as far as words go; the step decides what to do with it. */
export interface Parsed {
  id?: string;
  /** The message was just a number ("3", "٣"), whether or not it matched an offered option. */
  number?: number;
  /** The ID came from a keyword in the text, not a tap, a number or an option's title. */
  keyword?: boolean;
}

/** `words`: keywords anywhere as whole words. `exact`: the whole message must be the keyword
 * (used where free text is expected, e.g. a comment, so sentences are not taken as commands). */
export type MatchMode = 'words' | 'exact';

const FIXED_IDS = new Set([
  'new_order',
  'track_order',
  'contact_support',
  'cancel_order',
  'lang_ar',
  'lang_en',
  'order_delivery',
  'order_pickup',
  'more',
  'add_item',
  'view_cart',
  'checkout',
  'remove_item',
  'cancel',
  'pay_online',
  'pay_cash',
  'skip',
  'add_note',
  'opt_done',
  'reorder',
]);
const PREFIXED_ID = /^(branch|cat|item|qty|remove|rate|opt)_[\w-]+$/;

/** Lower-case, Western digits, no Arabic diacritics or tatweel, one form per Arabic letter. */
export function normalise(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      .replace(/[أإآٱ]/g, 'ا')
      .replace(/ى/g, 'ي')
      .replace(/ة/g, 'ه')
      .replace(/ؤ/g, 'و')
      .replace(/ئ/g, 'ي')
      // Persian forms some keyboards type for Arabic kaf and ya.
      .replace(/ک/g, 'ك')
      .replace(/ی/g, 'ي')
  );
}

export function tokens(text: string): string[] {
  return normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

interface CompiledKeyword {
  id: string;
  tokens: string[];
  weak: boolean;
  exact: boolean;
}

const COMPILED: CompiledKeyword[] = KEYWORDS.flatMap((k) =>
  k.phrases.map((phrase) => ({ id: k.id, tokens: tokens(phrase), weak: k.weak ?? false, exact: k.exact ?? false })),
);

function containsRun(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((word, i) => haystack[start + i] === word)) return true;
  }
  return false;
}

function matches(words: string[], keyword: CompiledKeyword, mode: MatchMode): boolean {
  if (mode === 'exact' || keyword.exact) return words.length === keyword.tokens.length && containsRun(words, keyword.tokens);
  return containsRun(words, keyword.tokens);
}

/** Several keywords may match; an offered one wins, otherwise only an unambiguous match counts. */
function pick(ids: string[], offered: string[]): string | undefined {
  const distinct = [...new Set(ids)];
  const offeredOnes = distinct.filter((id) => offered.includes(id));
  if (offeredOnes.length === 1) return offeredOnes[0];
  if (offeredOnes.length === 0 && distinct.length === 1) return distinct[0];
  return undefined;
}

export function keywordId(text: string, offered: string[], mode: MatchMode): string | undefined {
  const words = tokens(text);
  const hits = COMPILED.filter((k) => matches(words, k, mode));
  const strong = hits.filter((k) => !k.weak).map((k) => k.id);
  if (strong.length > 0) return pick(strong, offered);
  return pick(
    hits.map((k) => k.id),
    offered,
  );
}

/** The language a message is plainly written in: Arabic letters only, or Latin letters only. */
export function writtenIn(text: string): Language | undefined {
  const arabic = /[\u0600-\u06ff]/.test(text);
  const latin = /[a-z]/i.test(text);
  if (arabic === latin) return undefined;
  return arabic ? 'ar' : 'en';
}

/** A bare number, allowing "٣", " 3 ", "3." or "#3". */
export function typedNumber(text: string): number | undefined {
  const match = /^#?\s*(\d{1,3})\s*[.)]?$/.exec(normalise(text).trim());
  return match ? Number(match[1]) : undefined;
}

/** A title as typed: normalised, single spaces, no closing punctuation ("Kebab!" = "kebab"). */
function comparable(text: string): string {
  return normalise(text)
    .replace(/\s+/g, ' ')
    .replace(/[.!?؟,،]+$/u, '')
    .trim();
}

export function isOptionId(text: string): boolean {
  return FIXED_IDS.has(text) || PREFIXED_ID.test(text);
}

export function parseButton(id: string): Parsed {
  return { id: id.trim() };
}

/** `options` are the current step's options (their titles may be typed as they read). */
export function parseText(text: string, offered: string[], options: ReplyOption[], mode: MatchMode): Parsed {
  const trimmed = text.trim();
  if (isOptionId(trimmed)) return { id: trimmed };
  const number = typedNumber(trimmed);
  if (number !== undefined) {
    const id = offered[number - 1];
    return id !== undefined ? { id, number } : { number };
  }
  const typed = comparable(trimmed);
  const titled = options.find((o) => /\p{L}/u.test(o.title) && comparable(o.title) === typed);
  if (titled) return { id: titled.id };
  const id = keywordId(trimmed, offered, mode);
  return id !== undefined ? { id, keyword: true } : {};
}
