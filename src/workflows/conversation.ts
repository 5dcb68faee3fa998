// The conversation workflow: one per (restaurant, customer). Signals queue work; the main loop
// handles it one item at a time in arrival order, expires idle carts, completes when the
// conversation goes quiet, and continues as new before its history grows too long.
import { allHandlersFinished, condition, makeContinueAsNewFunc, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { Conversation, workflowNow } from './conversation-state';
import {
  ORDER_REFERENCE_CONFLICT,
  type ConversationActivities,
  ConversationInput,
  ConversationSettings,
  DEFAULT_CONVERSATION_SETTINGS,
  agentMessageSignal,
  botEnabledSignal,
  inboundMessageSignal,
  orderStatusSignal,
  stateQuery,
} from './contract';

// Timeouts and retries for every activity, set once. Sends retry without limit: activities
// return permanent Twilio errors as results instead of throwing them, so a throw is transient.
const activities = proxyActivities<ConversationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [ORDER_REFERENCE_CONFLICT, 'NotFound', 'InvalidArgument'],
  },
});

export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const settings: ConversationSettings = { ...DEFAULT_CONVERSATION_SETTINGS, ...input.settings };
  const conversation = new Conversation({ restaurantId: input.restaurantId, customerWa: input.customerWa }, activities, input.carried);

  setHandler(inboundMessageSignal, (message) => conversation.enqueue({ kind: 'inbound', message }));
  setHandler(agentMessageSignal, (message) => conversation.enqueue({ kind: 'agent', message }));
  setHandler(botEnabledSignal, ({ enabled }) => conversation.enqueue({ kind: 'bot', enabled }));
  setHandler(orderStatusSignal, (change) => conversation.enqueue({ kind: 'order_status', change }));
  setHandler(stateQuery, () => conversation.view());

  await conversation.start();

  for (;;) {
    const cartTimerArmed = conversation.botEnabled && conversation.hasCart();
    const idleLimit = cartTimerArmed ? settings.cartIdleMs : settings.conversationIdleMs;
    const waitMs = Math.max(1, conversation.lastActivityAt + idleLimit - workflowNow());
    // A durable timer: survives worker restarts, unlike setTimeout.
    await condition(() => conversation.hasPending(), waitMs);

    if (conversation.hasPending()) {
      await conversation.processNext();
    } else if (cartTimerArmed) {
      await conversation.expireCart();
    } else {
      await condition(allHandlersFinished);
      if (!conversation.hasPending()) return; // idle: the next signal-with-start begins a fresh run
    }

    if (shouldContinueAsNew(settings)) {
      await condition(allHandlersFinished);
      // Search attributes are passed on explicitly so the next run shows the same order and step.
      const continueAsNew = makeContinueAsNewFunc<typeof conversationWorkflow>({
        typedSearchAttributes: workflowInfo().typedSearchAttributes,
      });
      await continueAsNew({ ...input, carried: conversation.carry() });
    }
  }
}

function shouldContinueAsNew(settings: ConversationSettings): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= settings.maxHistoryLength;
}
