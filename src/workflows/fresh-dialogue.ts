// The dialogue a fresh run starts with: the customer's standing at this restaurant.
import { patched } from '@temporalio/workflow';
import { initialState } from '../dialogue';
import type { DialogueState } from '../dialogue/types';
import type { ConversationContext } from './contract';
import { LANGUAGE_REMEMBERED_PATCH } from './patches';

/** The remembered language when there is one; otherwise the restaurant's, which the customer's
 * first message may overrule (SPEC §6). Runs recorded before the patch used the restaurant's. */
export function freshDialogue(context: ConversationContext): DialogueState {
  // Absent from the results of runs recorded before reorder and opt-out, so those replay unchanged.
  // Opted out stays opted out (SPEC §6): the flag is the database's, kept across runs.
  const base = {
    lastOrder: context.lastOrder,
    reorder: context.reorder,
    placedOrder: context.placedOrder,
    ...(context.optedOut ? { optedOut: true } : {}),
  };
  if (!patched(LANGUAGE_REMEMBERED_PATCH)) return { ...initialState(context.profile.locale), ...base };
  if (context.locale) return { ...initialState(context.locale), ...base, rememberedLanguage: context.locale };
  return { ...initialState(context.profile.locale), ...base, detectLanguage: true };
}
