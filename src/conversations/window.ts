// WhatsApp's 24-hour customer-service window (SPEC §7): free-form messages reach a customer only
// within 24 hours of their latest message; later ones must be approved templates. Twilio's 63016
// (outside the window) closes it early until the customer writes again.
import type { Conversation } from '../generated/prisma/client';

export const WINDOW_MS = 24 * 3_600_000;

/** Twilio's error for a free-form message outside the window. */
export const OUTSIDE_WINDOW = 63016;

/** What a message held for the window says in failed-sends. */
export const OUTSIDE_WINDOW_MESSAGE = 'outside 24-hour window';

type WindowFields = Pick<Conversation, 'lastInboundAt' | 'windowClosedAt'>;

const closedByTwilio = (c: WindowFields): boolean =>
  c.windowClosedAt !== null && (c.lastInboundAt === null || c.windowClosedAt.getTime() >= c.lastInboundAt.getTime());

/** When the window closes (or closed); null when the customer never wrote. */
export function windowClosesAt(c: WindowFields): Date | null {
  if (closedByTwilio(c)) return c.windowClosedAt;
  return c.lastInboundAt ? new Date(c.lastInboundAt.getTime() + WINDOW_MS) : null;
}

export function isWindowOpen(c: WindowFields, now: Date = new Date()): boolean {
  const closes = windowClosesAt(c);
  return closes !== null && !closedByTwilio(c) && now.getTime() < closes.getTime();
}

/** Known to be closed: Twilio said so, or the customer's last message is over 24 hours old. A
 * conversation with no recorded message from the customer is not known closed: the send is tried
 * and Twilio's 63016, if it comes, closes it. */
export function isWindowClosed(c: WindowFields, now: Date = new Date()): boolean {
  return c.lastInboundAt !== null || c.windowClosedAt !== null ? !isWindowOpen(c, now) : false;
}
