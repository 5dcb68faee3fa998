// The one reply to a customer over the inbound flood limit (SPEC §7): the webhook marks only the
// first excess message of each window `throttled`, so this goes out once per window.
// TODO(dialogue owner): move these texts into src/dialogue/catalogue.ts with the others.
import type { Language } from '../dialogue/types';

const NOTICE: Record<Language, string> = {
  ar: 'تصلنا رسائلك أسرع مما نستطيع الرد عليها. انتظر دقيقة من فضلك ثم أرسل رسالتك مرة أخرى.',
  en: 'Your messages are arriving faster than we can answer them. Please wait a minute, then send your message again.',
};

export const throttleNotice = (language: Language): string => NOTICE[language];

/** Patch ID: histories from before the notice existed replay without it. */
export const THROTTLE_NOTICE_PATCH = 'throttle-notice';
