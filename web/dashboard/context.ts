// What every view of the signed-in dashboard needs.
import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Lang } from '../shared/lang';
import type { Api } from './api';
import type { Live } from './live';
import type { T } from './strings';
import type { LiveEvent, RestaurantSummary, Role } from './types';

export interface Ctx {
  api: Api;
  live: Live;
  lang: Lang;
  t: T;
  role: Role;
  restaurant: RestaurantSummary;
  toast(message: string): void;
}

export const DashboardContext = createContext<Ctx | null>(null);

export function useDashboard(): Ctx {
  const ctx = useContext(DashboardContext);
  if (!ctx) throw new Error('outside the dashboard');
  return ctx;
}

/** Calls `handler` for every live event, and `resync` after a reconnect (or at once, on mount). */
export function useLive(handler: (event: LiveEvent) => void, resync: () => void): void {
  const { live } = useDashboard();
  const handlerRef = useRef(handler);
  const resyncRef = useRef(resync);
  handlerRef.current = handler;
  resyncRef.current = resync;
  useEffect(() => {
    const offEvents = live.on((event) => handlerRef.current(event));
    const offResync = live.onResync(() => resyncRef.current());
    resyncRef.current();
    return () => {
      offEvents();
      offResync();
    };
  }, [live]);
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
