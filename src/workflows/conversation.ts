// Placeholder until the conversation workflow lands (issue 3).
import type { ConversationInput } from './definitions';

export async function conversationWorkflow(_input: ConversationInput): Promise<void> {}
