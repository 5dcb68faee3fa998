// The conversation workflow's side of opting out (SPEC §6): the dialogue decides, the database
// (Conversation.optedOut) remembers across runs, and the workflow keeps the two in step.
import { patched } from '@temporalio/workflow';
import { concernsOptOut } from '../dialogue';
import type { DialogueInput, DialogueState, StepContext } from '../dialogue/types';
import type { SignalledContext } from './contract';
import { OPT_OUT_PATCH } from './patches';

/** The dialogue as the database has it: what it read is the truth (21610 may have opted them out).
 * `undefined` (a context read before opt-out existed) changes nothing. */
export function withStoredOptOut(dialogue: DialogueState, optedOut: boolean | undefined): DialogueState {
  if (optedOut === undefined || optedOut === (dialogue.optedOut === true)) return dialogue;
  if (optedOut) return { ...dialogue, optedOut: true };
  const { optedOut: _out, ...optedIn } = dialogue;
  return optedIn;
}

/** A signal stored before this run's own STOP or START was written disagrees: then read again. */
export const agreesOnOptOut = (dialogue: DialogueState, signalled: SignalledContext): boolean =>
  signalled.optedOut === undefined || signalled.optedOut === (dialogue.optedOut === true);

/** What the step must know of opt-out; the patch is asked only when opting out could decide. */
export function optOutContext(dialogue: DialogueState, input: DialogueInput): Pick<StepContext, 'optOutWords'> {
  if (input.kind === 'order_status' || input.kind === 'cancel_refused' || input.kind === 'cart_expired') return {};
  return concernsOptOut(dialogue, input) && !patched(OPT_OUT_PATCH) ? { optOutWords: false } : {};
}
