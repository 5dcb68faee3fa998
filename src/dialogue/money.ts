// Money is an integer in minor units; this turns it into text for the customer.
import type { Language } from './types';

/** Arabic symbols for the currencies of the region; other currencies show their ISO code. */
const ARABIC_SYMBOLS: Record<string, string> = {
  SAR: 'ر.س',
  AED: 'د.إ',
  KWD: 'د.ك',
  BHD: 'د.ب',
  QAR: 'ر.ق',
  OMR: 'ر.ع',
  JOD: 'د.أ',
  EGP: 'ج.م',
};

/** Per currency code: building an Intl.NumberFormat costs more than a whole dialogue step. */
const DIGITS = new Map<string, number>();

/** Digits after the decimal point, as ISO 4217 says (SAR 2, KWD 3, JPY 0). */
export function minorDigits(currency: string): number {
  let digits = DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    DIGITS.set(currency, digits);
  }
  return digits;
}

/** 2500 SAR → "25.00 SAR" (English) or "25.00 ر.س" (Arabic). Western digits in both: they read
 * the same on every phone and match what the customer types. */
export function formatMoney(minor: number, currency: string, language: Language): string {
  const code = currency.toUpperCase();
  const digits = minorDigits(code);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const fraction = digits > 0 ? '.' + String(abs % scale).padStart(digits, '0') : '';
  const unit = language === 'ar' ? (ARABIC_SYMBOLS[code] ?? code) : code;
  return `${sign}${whole}${fraction} ${unit}`;
}
