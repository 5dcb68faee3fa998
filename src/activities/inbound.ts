// Persisting a customer's message. The webhook normally stored it already (SPEC §7); this upsert
// by waSid makes the workflow correct on its own too (direct signals, tests) and never stores twice.
import type { Prisma } from '../generated/prisma/client';
import type { CustomerInput } from '../dialogue/types';
import type { InboundMessage } from '../workflows/definitions';
import { conversationView, messageView } from '../views';
import type { ConversationKey } from './contract';
import type { ActivityDeps } from './deps';
import { isUniqueViolation } from './failures';
import { publishEvent } from './instrument';

interface StoredForm {
  body: string;
  type: string;
  metadata?: Prisma.InputJsonObject;
}

/** How a parsed customer input is stored: body for agents to read, the rest in metadata. */
export function storedForm(input: CustomerInput): StoredForm {
  switch (input.kind) {
    case 'text':
      return { body: input.text, type: 'text' };
    case 'button':
      return { body: input.text ?? input.id, type: 'button', metadata: { buttonPayload: input.id } };
    case 'location': {
      const { lat, lng, address } = input;
      return { body: address ?? '', type: 'location', metadata: { latitude: lat, longitude: lng, ...(address ? { address } : {}) } };
    }
    case 'media':
      return { body: '', type: input.mediaType.split('/')[0] || 'media', metadata: { mediaType: input.mediaType } };
  }
}

export function inboundActivities(deps: ActivityDeps) {
  const { prisma } = deps;

  const findBySid = (waSid: string) => prisma.message.findUnique({ where: { waSid }, select: { id: true } });

  return {
    async recordInbound(args: ConversationKey & { message: InboundMessage }): Promise<{ messageId: string; created: boolean }> {
      const { restaurantId, customerWa, message } = args;
      const existing = await findBySid(message.messageSid);
      if (existing) return { messageId: existing.id, created: false };

      const receivedAt = new Date(message.receivedAt);
      const name = message.profileName ? { customerName: message.profileName } : {};
      const form = storedForm(message.input);
      let stored;
      try {
        stored = await prisma.$transaction(async (tx) => {
          const conversation = await tx.conversation.upsert({
            where: { restaurantId_customerWa: { restaurantId, customerWa } },
            create: { restaurantId, customerWa, ...name, lastMessageAt: receivedAt, unreadCount: 1 },
            update: { ...name, lastMessageAt: receivedAt, unreadCount: { increment: 1 } },
          });
          const row = await tx.message.create({
            data: {
              restaurantId,
              conversationId: conversation.id,
              direction: 'IN',
              sender: 'customer',
              status: 'received',
              waSid: message.messageSid,
              body: form.body,
              type: form.type,
              ...(form.metadata ? { metadata: form.metadata } : {}),
              rateLimited: message.throttled ?? false,
              // It reached the workflow, so the webhook's dispatcher must not signal it again.
              dispatchedAt: new Date(),
              createdAt: receivedAt,
            },
          });
          return { conversation, row };
        });
      } catch (err) {
        // The webhook (or a concurrent attempt) stored it between our lookup and insert.
        const raced = isUniqueViolation(err) ? await findBySid(message.messageSid) : null;
        if (raced) return { messageId: raced.id, created: false };
        throw err;
      }

      await publishEvent(deps, restaurantId, { type: 'message.received', data: messageView(stored.row) });
      await publishEvent(deps, restaurantId, { type: 'conversation.updated', data: conversationView(stored.conversation) });
      return { messageId: stored.row.id, created: true };
    },
  };
}
