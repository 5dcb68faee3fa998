// Opting out and back in (SPEC §6): STOP, UNSUBSCRIBE, إيقاف or الغاء الاشتراك as the whole message
// opts out with one confirmation; after that the bot answers nothing until START or ابدأ, which
// opts back in with a short confirmation and the welcome. Checked before any other keyword.
import { texts } from './catalogue';
import { OPT_IN_PHRASES, OPT_OUT_PHRASES } from './keywords';
import { tokens } from './parse';
import { greeting, silent, toWelcome, withoutOrder } from './respond';
import type { CustomerInput, DialogueState, StepContext, StepResult } from './types';

const whole = (text: string): string => tokens(text).join(' ');
const OUT = new Set(OPT_OUT_PHRASES.map(whole));
const IN = new Set(OPT_IN_PHRASES.map(whole));

/** The opt-out or opt-in word the message is, after normalisation; never part of a sentence. */
export function optOutWord(input: CustomerInput): 'opt_out' | 'opt_in' | undefined {
  if (input.kind !== 'text') return undefined;
  const words = whole(input.text);
  if (OUT.has(words)) return 'opt_out';
  return IN.has(words) ? 'opt_in' : undefined;
}

/** Whether opting out decides this input: only then must the workflow say if its run knows opt-out. */
export function concernsOptOut(state: DialogueState, input: CustomerInput): boolean {
  return state.optedOut === true || optOutWord(input) === 'opt_out';
}

/** STOP from a customer who is in: the order being put together is dropped, one confirmation. */
export function optingOut(state: DialogueState, ctx: StepContext, input: CustomerInput): StepResult | undefined {
  if (ctx.optOutWords === false || state.optedOut || optOutWord(input) !== 'opt_out') return undefined;
  const { candidates: _c, ratingOrderReference: _r, resumeStep: _s, ...rest } = withoutOrder(state);
  return {
    state: { ...rest, step: 'welcome', offered: [], optedOut: true },
    replies: [{ body: texts(state.language).optedOut, optOutConfirmation: true }],
    effects: [{ kind: 'opt_out' }],
  };
}

/** While opted out: START opts back in (confirmation and welcome), anything else gets no answer. */
export function whileOptedOut(state: DialogueState, ctx: StepContext, input: CustomerInput): StepResult | undefined {
  if (ctx.optOutWords === false || !state.optedOut) return undefined;
  if (optOutWord(input) !== 'opt_in') return silent(state);
  const { optedOut: _out, ...back } = state;
  return toWelcome(back, ctx, [texts(state.language).optedIn, greeting(back, ctx)], [{ kind: 'opt_in' }]);
}
