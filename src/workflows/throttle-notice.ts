// The one reply to a customer over the inbound flood limit (SPEC §7): the webhook marks only the
// first excess message of each window `throttled`, so this goes out once per window.
import { patched } from '@temporalio/workflow';
import { texts } from '../dialogue/catalogue';
import type { Language } from '../dialogue/types';
import type { ConversationActivities, ConversationKey, InboundMessage } from './contract';

const throttleNotice = (language: Language): string => texts(language).throttled;

/** Patch ID: histories from before the notice existed replay without it. */
const THROTTLE_NOTICE_PATCH = 'throttle-notice';

/** Sends the notice, unless a human has the conversation. */
export async function sendThrottleNotice(
  activities: ConversationActivities,
  key: ConversationKey,
  botEnabled: boolean,
  language: Language,
  message: InboundMessage,
): Promise<void> {
  if (!botEnabled || !patched(THROTTLE_NOTICE_PATCH)) return;
  await activities.sendReply({
    ...key,
    sender: 'bot',
    reply: { body: throttleNotice(language) },
    language,
    idempotencyKey: `${message.messageSid}:throttled`,
  });
}
