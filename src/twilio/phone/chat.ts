// What the phone shows: the customer's messages as the simulator sent them and the bot's replies as
// the Twilio fake accepted them, with Content API templates turned back into buttons and lists.
import { randomUUID } from 'node:crypto';
import type { FakeMessage } from '../fake-server';

export interface QuickReply {
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface PhoneLine {
  id: string;
  direction: 'in' | 'out';
  body: string;
  at: string;
  mediaUrls: string[];
  /** Bot replies: Twilio's delivery status as the simulator reported it. */
  status?: 'sent' | 'delivered' | 'read';
  quickReplies?: QuickReply[];
  list?: { button: string; rows: ListRow[] };
  location?: { lat: number; lng: number; label?: string };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The interactive parts of a content send, as the fake rendered it with its variables. */
export function interactiveParts(types: Record<string, unknown> | null): Pick<PhoneLine, 'quickReplies' | 'list'> {
  const quick = types?.['twilio/quick-reply'];
  if (isRecord(quick) && Array.isArray(quick.actions)) {
    return { quickReplies: quick.actions.filter(isRecord).map((a) => ({ id: String(a.id), title: String(a.title) })) };
  }
  const list = types?.['twilio/list-picker'];
  if (isRecord(list) && Array.isArray(list.items)) {
    return {
      list: {
        button: String(list.button ?? 'Options'),
        rows: list.items
          .filter(isRecord)
          .map((r) => ({ id: String(r.id), title: String(r.item), ...(r.description ? { description: String(r.description) } : {}) })),
      },
    };
  }
  return {};
}

export function outboundLine(message: FakeMessage): PhoneLine {
  return {
    id: message.sid,
    direction: 'out',
    body: message.body,
    at: message.dateCreated.toISOString(),
    mediaUrls: message.mediaUrls,
    status: 'sent',
    ...interactiveParts(message.rendered),
  };
}

export function inboundLine(fields: Omit<PhoneLine, 'id' | 'direction' | 'at'>): PhoneLine {
  return { id: randomUUID(), direction: 'in', at: new Date().toISOString(), ...fields };
}

type Listener = (line: PhoneLine) => void;

const MAX_LINES_PER_CHAT = 500;

/** Every chat of this emulator run, keyed by restaurant and customer, with live listeners. */
export class ChatBook {
  private readonly chats = new Map<string, PhoneLine[]>();
  private readonly listeners = new Map<string, Set<Listener>>();

  private key(restaurantId: string, customer: string): string {
    return `${restaurantId} ${customer}`;
  }

  lines(restaurantId: string, customer: string): PhoneLine[] {
    return this.chats.get(this.key(restaurantId, customer)) ?? [];
  }

  /** Adds a line, or replaces the one with the same id (a status change); tells the listeners. */
  put(restaurantId: string, customer: string, line: PhoneLine): void {
    const key = this.key(restaurantId, customer);
    const lines = this.chats.get(key) ?? [];
    const index = lines.findIndex((l) => l.id === line.id);
    if (index >= 0) lines[index] = line;
    else lines.push(line);
    if (lines.length > MAX_LINES_PER_CHAT) lines.splice(0, lines.length - MAX_LINES_PER_CHAT);
    this.chats.set(key, lines);
    for (const listener of this.listeners.get(key) ?? []) listener(line);
  }

  find(restaurantId: string, customer: string, id: string): PhoneLine | undefined {
    return this.lines(restaurantId, customer).find((l) => l.id === id);
  }

  watching(restaurantId: string, customer: string): boolean {
    return (this.listeners.get(this.key(restaurantId, customer))?.size ?? 0) > 0;
  }

  listen(restaurantId: string, customer: string, listener: Listener): () => void {
    const key = this.key(restaurantId, customer);
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}
