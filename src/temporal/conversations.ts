// The one client-side entry to conversation workflows: signal-with-start so a message, an agent
// reply or an order update reaches the conversation whether or not its workflow is running.
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Config } from '../config';
import {
  AgentMessage,
  CONVERSATION_WORKFLOW,
  ConversationInput,
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
} from '../workflows/definitions';

export interface ConversationRef {
  restaurantId: string;
  customerWa: string;
}

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

  private async signalWithStart<T>(ref: ConversationRef, signal: { name: string }, arg: T): Promise<void> {
    const input: ConversationInput = { ...ref, settings: this.settings };
    await this.client.workflow.signalWithStart(CONVERSATION_WORKFLOW, {
      workflowId: conversationWorkflowId(ref.restaurantId, ref.customerWa),
      taskQueue: this.taskQueue,
      args: [input],
      signal: signal.name,
      signalArgs: [arg],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: new TypedSearchAttributes([{ key: RestaurantIdAttr, value: ref.restaurantId }]),
    });
  }

  inbound(ref: ConversationRef, message: InboundMessage): Promise<void> {
    return this.signalWithStart(ref, inboundMessageSignal, message);
  }

  agentMessage(ref: ConversationRef, message: AgentMessage): Promise<void> {
    return this.signalWithStart(ref, agentMessageSignal, message);
  }

  setBotEnabled(ref: ConversationRef, enabled: boolean): Promise<void> {
    return this.signalWithStart(ref, botEnabledSignal, { enabled });
  }

  orderStatusChanged(ref: ConversationRef, change: OrderStatusChange): Promise<void> {
    return this.signalWithStart(ref, orderStatusSignal, change);
  }

  /** Current state of a running conversation. */
  state(ref: ConversationRef): Promise<ConversationView> {
    return this.client.workflow.getHandle(conversationWorkflowId(ref.restaurantId, ref.customerWa)).query(stateQuery);
  }
}
