// The page's language: Arabic (right-to-left) or English, kept in localStorage, applied to <html>.
import { useEffect, useState } from 'preact/hooks';

export type Lang = 'ar' | 'en';

const KEY = 'sufrah.lang';

export function initialLang(fallback?: string): Lang {
  const stored = localStorage.getItem(KEY);
  if (stored === 'ar' || stored === 'en') return stored;
  if (fallback === 'ar' || fallback === 'en') return fallback;
  return navigator.language.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

export function useLang(): [Lang, (lang: Lang) => void] {
  const [lang, setLang] = useState<Lang>(() => initialLang());
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    localStorage.setItem(KEY, lang);
  }, [lang]);
  return [lang, setLang];
}

/** A dictionary per language with the same keys; `{name}` placeholders. */
export function translator<K extends string>(dictionaries: Record<Lang, Record<K, string>>, lang: Lang) {
  return (key: K, values: Record<string, string | number> = {}): string =>
    dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const locales: Record<Lang, string> = { ar: 'ar-SA-u-nu-latn', en: 'en-GB' };

/** Minor units → "SAR 32.00" / "٣٢٫٠٠ ر.س." (Latin digits in both, like the bot). */
export function money(minor: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(locales[lang], { style: 'currency', currency }).format(minor / 100);
}

export function timeOf(iso: string, lang: Lang): string {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    locales[lang],
    today ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  ).format(date);
}

export function dayLabel(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export const numberIn = (n: number, lang: Lang, digits = 0) =>
  new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
