// The order note (SPEC §6 "Order note"): offered on the checkout summary; the next text is the
// note ("no onions, please"), shown in the summary and stored on the order for the restaurant.
import { texts } from './catalogue';
import { checkout } from './ordering';
import { show } from './respond';
import type { DialogueState, StepContext, StepResult } from './types';

export const MAX_NOTE_LENGTH = 500;

export function askNote(state: DialogueState, ctx: StepContext): StepResult | undefined {
  if (state.step !== 'checkout' || state.cart.length === 0) return undefined;
  return show({ ...state, step: 'await_note' }, ctx);
}

/** A note too long is refused with a short request to shorten it; an empty one means nothing. */
export function takeNote(state: DialogueState, ctx: StepContext, text: string): StepResult | undefined {
  const note = text.trim();
  if (state.step !== 'await_note' || note.length === 0) return undefined;
  const t = texts(state.language);
  if (note.length > MAX_NOTE_LENGTH) return show(state, ctx, [t.noteTooLong(MAX_NOTE_LENGTH)]);
  return checkout({ ...state, note }, ctx, [t.noteSaved]);
}

/** `skip` while a note is asked for: back to the summary, the note as it was. */
export function skipNote(state: DialogueState, ctx: StepContext): StepResult {
  return checkout(state, ctx);
}
