// The conversation workflow: one per (restaurant, customer). Signals queue work; the main loop
// handles it one item at a time in arrival order, expires idle carts, completes when the
// conversation goes quiet, and continues as new before its history grows too long.
import {
  type ActivityOptions,
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { Conversation, workflowNow } from './conversation-state';
import { IdleTimer } from './idle-timer';
import { ONE_TASK_PER_TURN_PATCH } from './patches';
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
const options: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [ORDER_REFERENCE_CONFLICT, 'NotFound', 'InvalidArgument'],
  },
};
const activities = proxyActivities<ConversationActivities>(options);
// Every activity of a turn is short (a few queries, one Twilio call each bounded by its timeout), so
// they run as local activities: the turn is one workflow task, its activities markers in it, and
// no activity task goes through the server. A wait longer than 10 s (Twilio's 429, a send leased
// to another attempt) becomes a durable timer instead of holding the workflow task.
const localActivities = proxyLocalActivities<ConversationActivities>({ ...options, localRetryThreshold: '10 seconds' });

export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const settings: ConversationSettings = { ...DEFAULT_CONVERSATION_SETTINGS, ...input.settings };
  // Decided once per run: a run from before this change goes on as it started.
  const oneTaskPerTurn = patched(ONE_TASK_PER_TURN_PATCH);
  const key = { restaurantId: input.restaurantId, customerWa: input.customerWa };
  const conversation = new Conversation(key, oneTaskPerTurn ? localActivities : activities, input.carried);
  const idleTimer = oneTaskPerTurn ? new IdleTimer() : undefined;

  setHandler(inboundMessageSignal, (message) => conversation.enqueue({ kind: 'inbound', message }));
  setHandler(agentMessageSignal, (message) => conversation.enqueue({ kind: 'agent', message }));
  setHandler(botEnabledSignal, ({ enabled }) => conversation.enqueue({ kind: 'bot', enabled }));
  setHandler(orderStatusSignal, (change) => conversation.enqueue({ kind: 'order_status', change }));
  setHandler(stateQuery, () => conversation.view());

  await conversation.start();

  for (;;) {
    const cartTimerArmed = conversation.botEnabled && conversation.hasCart();
    const idleLimit = cartTimerArmed ? settings.cartIdleMs : settings.conversationIdleMs;
    const deadline = conversation.lastActivityAt + idleLimit;
    // A durable timer: survives worker restarts, unlike setTimeout.
    if (idleTimer) {
      idleTimer.arm(deadline);
      await condition(() => conversation.hasPending() || idleTimer.fired);
      // It fired for a deadline that has moved on since: wait for the rest.
      if (!conversation.hasPending() && workflowNow() < deadline) continue;
    } else {
      await condition(() => conversation.hasPending(), Math.max(1, deadline - workflowNow()));
    }

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
