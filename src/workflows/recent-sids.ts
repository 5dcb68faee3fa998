// The bounded memory of MessageSids this conversation already handled. It travels through
// continue-as-new; beyond it, the database's unique `waSid` is the last line of defence.
export const RECENT_SIDS_LIMIT = 500;

export class RecentSids {
  private readonly order: string[];
  private readonly members: Set<string>;

  constructor(
    initial: readonly string[] = [],
    private readonly limit = RECENT_SIDS_LIMIT,
  ) {
    this.order = initial.slice(-limit);
    this.members = new Set(this.order);
  }

  has(sid: string): boolean {
    return this.members.has(sid);
  }

  add(sid: string): void {
    if (this.members.has(sid)) return;
    this.order.push(sid);
    this.members.add(sid);
    while (this.order.length > this.limit) this.members.delete(this.order.shift()!);
  }

  get size(): number {
    return this.order.length;
  }

  toJSON(): string[] {
    return [...this.order];
  }
}
