// The one reply to a customer over the inbound flood limit (SPEC §7): the webhook marks only the
// first excess message of each window `throttled`, so this goes out once per window.
import { texts } from '../dialogue/catalogue';
import type { Language } from '../dialogue/types';

export const throttleNotice = (language: Language): string => texts(language).throttled;

/** Patch ID: histories from before the notice existed replay without it. */
export const THROTTLE_NOTICE_PATCH = 'throttle-notice';
