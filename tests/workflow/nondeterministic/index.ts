// A deliberately broken release of the conversation workflow, for the replay test: it adds an
// activity call at the start of every run without a `patched()` guard. Replaying any committed
// history with it must fail with a DeterminismViolationError (what a deploy check should catch).
import { proxyActivities } from '@temporalio/workflow';
import type { ConversationActivities } from '../../../src/workflows/contract';
import { conversationWorkflow as released } from '../../../src/workflows/conversation';
import type { ConversationInput } from '../../../src/workflows/contract';

const { updateConversation } = proxyActivities<ConversationActivities>({ startToCloseTimeout: '30 seconds' });

export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  await updateConversation({ restaurantId: input.restaurantId, customerWa: input.customerWa, status: 'ACTIVE' });
  return released(input);
}
