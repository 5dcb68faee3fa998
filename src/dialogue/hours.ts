// Opening hours, read in the restaurant's own time zone at the workflow's time.
import type { OpeningHours } from './types';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SHORT_NAMES: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const MINUTES_PER_DAY = 24 * 60;

interface LocalTime {
  /** 0 = Sunday. */
  day: number;
  minutes: number;
}

/** When the restaurant next opens: `dayOffset` 0 = later today, 1 = tomorrow, … */
export interface NextOpening {
  dayOffset: number;
  weekday: Weekday;
  time: string;
}

function localTime(now: number, timeZone: string): LocalTime {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    // An unknown zone must not stop the dialogue; UTC is a visible, debuggable fallback.
    format = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }
  const parts = format.formatToParts(new Date(now));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(part('hour')) % 24;
  return { day: SHORT_NAMES[part('weekday')] ?? 0, minutes: hour * 60 + Number(part('minute')) };
}

function toMinutes(hhmm: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= MINUTES_PER_DAY && Number(match[2]) < 60 ? minutes : undefined;
}

/** A day's ranges as minutes; an end at or before the start runs past midnight. */
function rangesOf(hours: OpeningHours, day: number): { start: number; end: number; overnight: boolean; text: string }[] {
  const ranges = hours[WEEKDAYS[day] ?? 'sun'] ?? [];
  const out: { start: number; end: number; overnight: boolean; text: string }[] = [];
  for (const [from, to] of ranges) {
    const start = toMinutes(from);
    const end = toMinutes(to);
    if (start === undefined || end === undefined) continue;
    out.push({ start, end, overnight: end <= start, text: clock(start) });
  }
  return out.sort((a, b) => a.start - b.start);
}

function clock(minutes: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
}

function hasHours(hours: OpeningHours | null | undefined): hours is OpeningHours {
  return !!hours && Object.keys(hours).length > 0;
}

/** No opening hours configured means always open. */
export function isOpen(hours: OpeningHours | null | undefined, timeZone: string, now: number): boolean {
  if (!hasHours(hours)) return true;
  const { day, minutes } = localTime(now, timeZone);
  const today = rangesOf(hours, day).some((r) => minutes >= r.start && (r.overnight || minutes < r.end));
  const fromYesterday = rangesOf(hours, (day + 6) % 7).some((r) => r.overnight && minutes < r.end);
  return today || fromYesterday;
}

/** The next opening time after `now`, or undefined when no day has any hours. */
export function nextOpening(hours: OpeningHours | null | undefined, timeZone: string, now: number): NextOpening | undefined {
  if (!hasHours(hours)) return undefined;
  const { day, minutes } = localTime(now, timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    const weekdayIndex = (day + offset) % 7;
    const range = rangesOf(hours, weekdayIndex).find((r) => offset > 0 || r.start > minutes);
    if (range) return { dayOffset: offset, weekday: WEEKDAYS[weekdayIndex] ?? 'sun', time: range.text };
  }
  return undefined;
}
