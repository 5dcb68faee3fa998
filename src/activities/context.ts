// What the workflow needs to know before it runs the dialogue: the restaurant, its menu (cached in
// worker memory per menu version), the conversation's flags and the customer's latest order.
import type { PrismaClient } from '../db';
import type { Language, Menu, OrderSummary } from '../dialogue/types';
import { loadDialogueMenu } from '../menu/store';
import { ensureConversation, rememberLocale } from '../conversations/store';
import { latestOrderSummary, pastOrders } from '../orders/store';
import { heldForReply } from '../messages/outbox';
import { toRestaurantProfile } from '../tenants/store';
import type { ConversationContext, ConversationKey } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { notFound } from './failures';

/** Menus by restaurant; an entry is replaced as soon as the restaurant's menuVersion moves on. */
export class MenuCache {
  private readonly menus = new Map<string, Menu>();

  /** The menu at `version`, loading it only when the cached one is older (or absent). */
  async get(prisma: PrismaClient, restaurantId: string, version: number): Promise<Menu> {
    const cached = this.menus.get(restaurantId);
    if (cached && cached.version >= version) return cached;
    const menu = await loadDialogueMenu(prisma, restaurantId);
    this.menus.set(restaurantId, menu);
    return menu;
  }

  get size(): number {
    return this.menus.size;
  }
}

export function contextActivities(deps: ActivityDeps, menus: MenuCache) {
  const { prisma } = deps;
  return {
    async loadConversationContext(args: ConversationKey & { knownMenuVersion?: number }): Promise<ConversationContext> {
      const { restaurantId } = args;
      const tenant = await prisma.restaurantBot.findUnique({ where: { id: restaurantId } });
      if (!tenant) throw notFound(`restaurant ${restaurantId}`);
      const conversation = await ensureConversation(prisma, args);
      // The tenant row carries menuVersion: the cheap check; the full menu loads only on change.
      const current = args.knownMenuVersion === tenant.menuVersion;
      const menu = current ? null : await menus.get(prisma, restaurantId, tenant.menuVersion);
      // On a run's first load (no menu known yet) also the agents' messages an earlier run held for the customer's reply.
      const firstLoad = args.knownMenuVersion === undefined;
      const [summary, past, held] = await Promise.all([
        latestOrderSummary(prisma, conversation.id),
        pastOrders(prisma, conversation.id),
        firstLoad ? heldForReply(prisma, conversation.id) : [],
      ]);
      const lastOrder: OrderSummary | undefined = summary ?? undefined;
      return {
        profile: toRestaurantProfile(tenant),
        menu,
        settingsVersion: tenant.settingsVersion,
        botEnabled: conversation.isBotActive,
        locale: conversation.locale,
        optedOut: conversation.optedOut,
        ...(lastOrder ? { lastOrder } : {}),
        ...(past.completed ? { reorder: past.completed } : {}),
        ...(past.underWay ? { placedOrder: past.underWay } : {}),
        ...(held.length ? { heldFollowUps: held.map((m) => ({ messageId: m.id, text: m.body })) } : {}),
      };
    },

    async rememberLanguage(args: ConversationKey & { locale: Language }): Promise<void> {
      await rememberLocale(prisma, args, args.locale);
    },
  };
}
