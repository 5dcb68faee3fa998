// Agents' messages written after the customer's 24-hour window closed (SPEC §7): a template has
// invited the customer to reply, and each message goes out, in order, once they do. Kept in
// workflow state (and read afresh by a new run), so none is forgotten or sent twice.
import type { Language } from '../dialogue/types';
import type { AgentMessage, ConversationActivities, ConversationKey, SendReplyArgs, SendReplyResult } from './contract';

type AgentSend = Omit<SendReplyArgs, keyof ConversationKey>;

/** How an agent's message (recorded by the API) is sent. */
export const agentSend =
  (language: Language) =>
  (message: AgentMessage): AgentSend => ({
    sender: 'agent',
    messageId: message.messageId,
    reply: { body: message.text },
    language,
    idempotencyKey: `agent:${message.messageId}`,
  });

export class HeldFollowUps {
  private held: AgentMessage[];

  constructor(carried: AgentMessage[] | undefined) {
    this.held = [...(carried ?? [])];
  }

  /** An agent message's send came back `held`: it waits for the customer. */
  note(message: AgentMessage, result: SendReplyResult): void {
    if (result.status === 'held' && !this.held.some((m) => m.messageId === message.messageId)) this.held.push(message);
  }

  /** A fresh run learns what an earlier run was holding. */
  adopt(messages: AgentMessage[] | undefined): void {
    for (const message of messages ?? []) if (!this.held.some((m) => m.messageId === message.messageId)) this.held.push(message);
  }

  /** The customer wrote (their window is open again): the held messages go out first, oldest first. */
  async release(key: ConversationKey, activities: ConversationActivities, send: (message: AgentMessage) => AgentSend): Promise<void> {
    while (this.held.length > 0) {
      const message = this.held[0]!;
      const result = await activities.sendReply({ ...key, ...send(message) });
      this.held.shift();
      this.note(message, result);
      if (result.status === 'held') return; // still closed (a race with the window): wait for the next message
    }
  }

  toJSON(): AgentMessage[] {
    return [...this.held];
  }
}
