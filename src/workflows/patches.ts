// Patch IDs of the conversation workflow (Temporal `patched()`): each keeps the runs recorded before
// its change replaying as they ran, while new runs take the new path. Remove one (with
// `deprecatePatch` first) only once no run from before it can still be open.

/** The customer's cancel is checked against the order's current status (cancelOrder), not written blindly. */
export const CUSTOMER_CANCEL_CHECKED_PATCH = 'customer-cancel-checked';

/** The bot switch is read from the database before an inbound message is answered. */
export const BOT_SWITCH_READ_FIRST_PATCH = 'bot-switch-read-first';

/** The status the customer was told is recorded on the order, so a fresh run tells the next one. */
export const STATUS_TOLD_PATCH = 'status-told-noted';

/** A fresh run starts in the customer's remembered language, or detects it from their first
 * message; a chosen or detected language is remembered (rememberLanguage). */
export const LANGUAGE_REMEMBERED_PATCH = 'language-remembered';

/** A message the signal says is stored (by the webhook) is not recorded again by an activity. */
export const STORED_INBOUND_PATCH = 'stored-inbound-not-recorded';

/** A webhook's signal says whether the cached restaurant context is current: then no context read. */
export const CONTEXT_FROM_SIGNAL_PATCH = 'context-from-signal';

/** STOP / START opt the customer out and back in (setOptedOut); runs from before read them as any text. */
export const OPT_OUT_PATCH = 'opt-out';

/** A turn is one workflow task: its activities run as local activities, and the idle timer is left
 * running across messages instead of being cancelled and started again for each. */
export const ONE_TASK_PER_TURN_PATCH = 'one-task-per-turn';
