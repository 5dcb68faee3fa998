// The one client-side entry to conversation workflows: signal-with-start so a message, an agent
// reply or an order update reaches the conversation whether or not its workflow is running.
// Every call runs under a deadline, so an unreachable Temporal fails fast instead of hanging.
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Config } from '../config';
import {
  AgentMessage,
  CONVERSATION_WORKFLOW,
  ConversationInput,
  ConversationKey,
  ConversationSettings,
  ConversationView,
  InboundMessage,
  OrderStatusChange,
  RestaurantIdAttr,
  agentMessageSignal,
  botEnabledSignal,
  conversationWorkflowId,
  inboundMessageSignal,
  orderStatusSignal,
  stateQuery,
} from '../workflows/contract';

/** How long a call from the API may take before it counts as Temporal being unreachable. */
export const DEFAULT_TEMPORAL_DEADLINE_MS = 10_000;

export class Conversations {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly settings: Partial<ConversationSettings> = {},
  ) {}

  static fromConfig(client: Client, config: Config): Conversations {
    return new Conversations(client, config.TEMPORAL_TASK_QUEUE, {
      cartIdleMs: config.CART_IDLE_MINUTES * 60_000,
      conversationIdleMs: config.CONVERSATION_IDLE_HOURS * 3_600_000,
      maxHistoryLength: config.CONVERSATION_MAX_HISTORY_EVENTS,
    });
  }

  private async signalWithStart<T>(ref: ConversationKey, signal: { name: string }, arg: T, deadlineMs: number): Promise<void> {
    const input: ConversationInput = { ...ref, settings: this.settings };
    const start = () =>
      this.client.workflow.signalWithStart(CONVERSATION_WORKFLOW, {
        workflowId: conversationWorkflowId(ref.restaurantId, ref.customerWa),
        taskQueue: this.taskQueue,
        args: [input],
        signal: signal.name,
        signalArgs: [arg],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        typedSearchAttributes: new TypedSearchAttributes([{ key: RestaurantIdAttr, value: ref.restaurantId }]),
      });
    await this.client.withDeadline(Date.now() + deadlineMs, start);
  }

  inbound(ref: ConversationKey, message: InboundMessage, deadlineMs = DEFAULT_TEMPORAL_DEADLINE_MS): Promise<void> {
    return this.signalWithStart(ref, inboundMessageSignal, message, deadlineMs);
  }

  agentMessage(ref: ConversationKey, message: AgentMessage, deadlineMs = DEFAULT_TEMPORAL_DEADLINE_MS): Promise<void> {
    return this.signalWithStart(ref, agentMessageSignal, message, deadlineMs);
  }

  setBotEnabled(ref: ConversationKey, enabled: boolean, deadlineMs = DEFAULT_TEMPORAL_DEADLINE_MS): Promise<void> {
    return this.signalWithStart(ref, botEnabledSignal, { enabled }, deadlineMs);
  }

  orderStatusChanged(ref: ConversationKey, change: OrderStatusChange, deadlineMs = DEFAULT_TEMPORAL_DEADLINE_MS): Promise<void> {
    return this.signalWithStart(ref, orderStatusSignal, change, deadlineMs);
  }

  /** Current state of a running conversation. */
  state(ref: ConversationKey, deadlineMs = DEFAULT_TEMPORAL_DEADLINE_MS): Promise<ConversationView> {
    const handle = this.client.workflow.getHandle(conversationWorkflowId(ref.restaurantId, ref.customerWa));
    return this.client.withDeadline(Date.now() + deadlineMs, () => handle.query(stateQuery));
  }
}
