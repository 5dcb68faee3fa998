// The counts on the tabs: conversations waiting for an agent and failed sends, kept live.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import type { Live } from './live';
import type { Conversation, Message, Page } from './types';

export interface Badges {
  needsAgent: number;
  failed: number;
}

const isFailed = (status: string) => status === 'failed' || status === 'undelivered';

export function useBadges(connection: { api: Api; live: Live } | null): Badges {
  const [needs, setNeeds] = useState<Set<string>>(new Set());
  const [failed, setFailed] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (!connection) return;
    const { api, live } = connection;
    const load = () => {
      api.get<Page<Conversation>>('/conversations?status=NEEDS_AGENT&limit=200').then(
        (page) => setNeeds(new Set(page.data.map((c) => c.id))),
        () => undefined,
      );
      api.get<Page<Message>>('/failed-sends?limit=200').then(
        (page) => setFailed(new Set(page.data.map((m) => m.id))),
        () => undefined,
      );
    };
    const toggle = (set: Set<string>, id: string, on: boolean) => {
      if (set.has(id) === on) return set;
      const next = new Set(set);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    };
    const offEvents = live.on((event) => {
      const data = event.data as { id?: unknown; status?: unknown; direction?: unknown };
      if (typeof data.id !== 'string') return;
      const id = data.id;
      if (event.type === 'conversation.updated') setNeeds((set) => toggle(set, id, data.status === 'NEEDS_AGENT'));
      else if (event.type.startsWith('message.') && data.direction === 'OUT')
        setFailed((set) => toggle(set, id, isFailed(String(data.status))));
    });
    const offResync = live.onResync(load);
    load();
    return () => {
      offEvents();
      offResync();
    };
  }, [connection]);

  return { needsAgent: needs.size, failed: failed.size };
}
