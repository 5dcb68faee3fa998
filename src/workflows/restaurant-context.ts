// What a conversation's workflow knows of its restaurant: profile (settings) and menu, cached in
// workflow state and re-read only when stale. A webhook's signal carries the restaurant's current
// menu and settings versions (and the bot switch), so a turn whose cache is current costs no
// activity; anything else (a direct signal, a changed version, a fresh run) reads them.
import type { Menu, RestaurantProfile } from '../dialogue/types';
import type { ConversationActivities, ConversationContext, ConversationKey, SignalledContext } from './contract';

export class RestaurantContext {
  private menu?: Menu;
  private profile?: RestaurantProfile;
  private settingsVersion?: number;

  constructor(
    private readonly key: ConversationKey,
    private readonly activities: ConversationActivities,
  ) {}

  /** Reads profile, bot switch and (only when its version changed) the menu. */
  async load(): Promise<ConversationContext> {
    const context = await this.activities.loadConversationContext({ ...this.key, knownMenuVersion: this.menu?.version });
    this.profile = context.profile;
    if (context.menu) this.menu = context.menu;
    this.settingsVersion = context.settingsVersion;
    return context;
  }

  get isLoaded(): boolean {
    return this.menu !== undefined && this.profile !== undefined;
  }

  /** True when the signal shows the cache holds the restaurant as it is now. */
  isCurrent(signalled: SignalledContext): boolean {
    return this.isLoaded && this.menu?.version === signalled.menuVersion && this.settingsVersion === signalled.settingsVersion;
  }

  /** What the dialogue needs; every caller loads first, so a miss is a bug (fails the task). */
  get loaded(): { menu: Menu; restaurant: RestaurantProfile } {
    if (!this.menu || !this.profile) throw new Error('conversation context used before it was loaded');
    return { menu: this.menu, restaurant: this.profile };
  }
}
